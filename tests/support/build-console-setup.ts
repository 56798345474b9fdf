import { ensureConsoleBuilt } from '../../gateway/console/build-console.ts';

/**
 * Vitest global setup of the end-to-end project: builds the console the browser tests open
 * when `gateway/console/dist` is missing or older than its sources (a fresh clone whose
 * `prepare` did not run, or sources changed since), so `npm test` needs no extra step.
 */
export default async function setup(): Promise<void> {
  await ensureConsoleBuilt();
}
