import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));
const DIST_DIR = join(CONSOLE_DIR, 'dist');
const STAMP = join(DIST_DIR, '.source-hash');
/** What the build reads: the app, its page and config, and the locked dependency versions. */
const INPUTS = [join(CONSOLE_DIR, 'src'), join(CONSOLE_DIR, 'index.html'), join(CONSOLE_DIR, 'vite.config.ts'), join(CONSOLE_DIR, '..', '..', 'package-lock.json')];

/** What {@link ensureConsoleBuilt} did. */
export interface ConsoleBuild {
  /** `built` when Vite ran, `fresh` when `dist/` already held a build of these sources. */
  readonly result: 'built' | 'fresh';
  readonly dir: string;
}

/**
 * Builds the console into `gateway/console/dist` with Vite unless it already holds a build of
 * the current sources (a hash of `src/`, `index.html`, the Vite config and the lockfile kept
 * in `dist/.source-hash`), so `npm ci`'s `prepare`, `npm test`'s global setup and
 * `npm run build:console` build once and only when something changed.
 *
 * ```ts
 * await ensureConsoleBuilt(); // { result: 'fresh', dir: '…/gateway/console/dist' }
 * ```
 */
export async function ensureConsoleBuilt(): Promise<ConsoleBuild> {
  const hash = sourceHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && existsSync(join(DIST_DIR, 'index.html'))) return { result: 'fresh', dir: DIST_DIR };
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_DIR, 'vite.config.ts'), mode: 'production' });
  writeFileSync(STAMP, hash);
  return { result: 'built', dir: DIST_DIR };
}

// Private: one hash over every input file's path and bytes, in a stable order.
function sourceHash(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash.update(relative(CONSOLE_DIR, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of INPUTS) visit(input);
  return hash.digest('hex');
}

// `tsx gateway/console/build-console.ts [--if-vite-installed]`: the `prepare` script passes the
// flag so that an install without dev dependencies (no Vite) says why the console is missing
// instead of failing the install; `npm run build:console` fails without Vite.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const optional = process.argv.includes('--if-vite-installed');
  try {
    const { result, dir } = await ensureConsoleBuilt();
    console.log(result === 'built' ? `cityhub: console built into ${dir}` : `cityhub: console in ${dir} is up to date`);
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes("'vite'")) {
      console.warn('cityhub: the console is not built (Vite, a dev dependency, is not installed); /console answers 503 until `npm run build:console`');
    } else {
      console.error(`cityhub: building the console failed: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 1;
    }
  }
}
