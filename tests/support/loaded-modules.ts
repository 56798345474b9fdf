import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
const ROOT = join(import.meta.dirname, '..', '..');
const RECORDER = join(import.meta.dirname, 'record-loaded-modules.mjs');

/** What a Node process loaded, and how it ended. */
export interface LoadedModules {
  /** Repository files it loaded, relative to the root (`gateway/hub.ts`), node_modules excepted. */
  readonly own: readonly string[];
  /** Packages it loaded modules of (`@graphql-tools/stitch`, `jose`). */
  readonly packages: readonly string[];
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs `node --import tsx <args>` in the repository root with a loader hook recording every
 * module the process loads, and answers them once it has exited: a behavioural check of
 * what an entry point pulls in, measuring no time.
 *
 * ```ts
 * const loaded = loadedModules(['--input-type=module', '-e', "await import('./gateway/index.ts')"]);
 * expect(loaded.own.filter((file) => file.startsWith('connectors/sample-city/'))).toEqual([]);
 * ```
 */
export function loadedModules(args: readonly string[], env: Readonly<Record<string, string>> = {}): LoadedModules {
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-modules-'));
  const file = join(dir, 'modules.txt');
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', RECORDER, ...args], {
      cwd: ROOT,
      env: { ...process.env, CITYHUB_DATA_DIR: join(dir, 'data'), ...env, CITYHUB_TEST_MODULES_FILE: file },
      encoding: 'utf8',
      timeout: 60_000,
    });
    let urls: string[] = [];
    try {
      urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch (error) {
      throw new Error(`the module recorder wrote nothing (${(error as Error).message}); output:\n${result.stdout}${result.stderr}`);
    }
    const own = new Set<string>();
    const packages = new Set<string>();
    for (const url of urls) {
      if (!url.startsWith('file:')) continue;
      const path = relative(ROOT, fileURLToPath(url)).split('\\').join('/');
      const inPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      if (inPackage) packages.add(inPackage[1]!);
      else if (!path.startsWith('..')) own.add(path);
    }
    return { own: [...own].sort(), packages: [...packages].sort(), status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
