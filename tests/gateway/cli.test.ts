import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cityhub.js');
const dataDirs: string[] = [];

function startCli(args: string[], env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-cli-'));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, CITYHUB_DATA_DIR: dataDir, CITYHUB_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 45_000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no ${pattern} in output:\n${output}`);
  };
  return { child, exited, waitFor, output: () => output };
}

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the cityhub command', { timeout: 90_000 }, () => {
  it('starts the sample city on embedded defaults, serves a query, and stops cleanly on SIGTERM', async () => {
    const cli = startCli(['start'], { PORT: '0' });
    const [, url] = (await cli.waitFor(/GraphiQL at (http:\/\/127\.0\.0\.1:\d+)\/graphql/))!;
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ district(code: "310106") { name streets { code } } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.data.district.name).toBe('静安区');
    expect(body.data.district.streets).toHaveLength(6);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM received');
  });

  it('stops cleanly when SIGTERM arrives while the sample city is still starting', async () => {
    const cli = startCli(['start'], { PORT: '0' });
    await cli.waitFor(/connector [a-z-]+ is ready/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM received');
  });

  it('refuses a malformed PORT, naming the variable', async () => {
    const cli = startCli(['start'], { PORT: 'eighty' });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('PORT must be an integer from 0 to 65535, received "eighty"');
  });

  it('refuses a malformed --port option', async () => {
    const cli = startCli(['start', '--port', '-3'], {});
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain("option '-p, --port <port>' argument '-3' is invalid");
  });
});
