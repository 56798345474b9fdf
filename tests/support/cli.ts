import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** The `cityhub` executable of this repository. */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cityhub.js');

/** Options of {@link startCli} and {@link runCli}. */
export interface CliOptions {
  /**
   * The data directory, given to the command as `CITYHUB_DATA_DIR`. Without it the command
   * gets a fresh temporary directory, removed once the command has exited.
   * @default a fresh temporary directory
   */
  readonly dataDir?: string;
  /**
   * Environment variables on top of this process's environment (an empty string unsets a
   * variable for the command's configuration, which treats `''` as absent).
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** A running `cityhub` command: its process and everything it printed so far. */
export interface RunningCli {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** The data directory the command runs on. */
  readonly dataDir: string;
  /** Its exit code once it has exited and its output streams have closed (`null` when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Stdout and stderr interleaved as they arrived. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Waits until the output matches `pattern`, failing with the output so far when the command exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** A `cityhub` command that ran to its end. */
export interface CliResult {
  /** The exit code (`null` when a signal ended the command). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Starts `bin/cityhub.js <args>` as a child process of this Node (logs at level info), with
 * its data directory and environment from `options`.
 *
 * ```ts
 * const cli = startCli(['start', '--sample-city'], { env: { PORT: '0' } });
 * const [, url] = await cli.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/);
 * cli.child.kill('SIGTERM');
 * expect(await cli.exited).toBe(0);
 * ```
 */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cityhub-cli-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, CITYHUB_DATA_DIR: dataDir, CITYHUB_LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      resolve(code);
    });
  });
  return {
    child,
    dataDir,
    exited,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    async waitFor(pattern, timeoutMs = 45_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no ${pattern} in output of cityhub ${args.join(' ')}:\n${output}`);
    },
  };
}

/** Runs `bin/cityhub.js <args>` to its end (see {@link startCli}) and answers its exit code and output. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const cli = startCli(args, options);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}
