import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cityhub.js');
const dataDirs: string[] = [];

function run(args: string[], env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-serve-'));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
    env: { ...process.env, CITYHUB_LOG_LEVEL: 'info', ...env },
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

describe('cityhub serve-connector', () => {
  it("serves one connector's subgraph, tells the gateway variable, and stops on SIGTERM", async () => {
    const cli = run(['serve-connector', 'grids', '--sample-city', '--port', '0']);
    const [, url] = (await cli.waitFor(/CITYHUB_REMOTE_GRIDS_URL=(http:\/\/127\.0\.0\.1:\d+\/graphql)/))!;
    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ grids(within: "310106013", first: 2) { code } _lookupGrid(keys: ["310106013002-01"]) { code } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.grids.every((g: { code: string }) => g.code.startsWith('310106013'))).toBe(true);
    expect(body.data._lookupGrid).toEqual([{ code: '310106013002-01' }]);
    expect((await fetch(new URL('/readyz', url))).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('refuses an unknown connector id, listing the known ones', async () => {
    const cli = run(['serve-connector', 'gridz']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/no connector "gridz"; known connectors: .*grids/);
  });

  it('refuses to start without the endpoint variable its manifest names', async () => {
    const cli = run(['serve-connector', 'grids', '--port', '0'], { CITYHUB_GRIDS_DB: '' });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('source.endpointEnv: environment variable CITYHUB_GRIDS_DB is not set');
  });
});
