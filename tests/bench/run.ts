/**
 * Runs the benchmarks on demand: `npm run bench` runs every `tests/bench/*.bench.ts`, one
 * after another in its own process (so one's servers and heap do not disturb the next);
 * `npm run bench -- audit` runs the files whose name contains "audit".
 *
 * Each bench file is a plain script that prints its own figures (see latency-recorder.ts).
 * Benchmarks are never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ') || '(any)'} in ${here}`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  // As `cityhub start` runs (graphql-js's cheap `instanceof` checks), unless the caller says otherwise.
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' };
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit', env });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed with exit code ${result.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
