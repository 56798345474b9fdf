import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPortFree } from '../../gateway/port-check.ts';
import { startCli } from '../support/cli.ts';

describe('the port check before start-up', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    port = (busy.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  });

  it('says in one sentence that a port is already in use', async () => {
    await expect(checkPortFree(port, '127.0.0.1')).rejects.toThrow(
      new Error(`port ${port} on 127.0.0.1 is already in use (another hub or program listens there): stop it, or choose another port with --port or PORT`),
    );
  });

  it('passes for a free port and for port 0, leaving the port free', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const free = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await checkPortFree(free, '127.0.0.1');
    await checkPortFree(free, '127.0.0.1');
    await checkPortFree(0, '127.0.0.1');
  });

  it('says when the host is not an address of this machine', async () => {
    await expect(checkPortFree(4000, '192.0.2.1')).rejects.toThrow(
      'cannot listen on 192.0.2.1: it is not an address of this machine (set CITYHUB_HOST to one, such as 127.0.0.1 or 0.0.0.0)',
    );
  });

  it('makes cityhub start stop with one line before the sample city starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-port-'));
    const cli = startCli(['start', '--sample-city', '--port', String(port)], { dataDir });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr().trim().split('\n')).toEqual([
      `cityhub: port ${port} on 127.0.0.1 is already in use (another hub or program listens there): stop it, or choose another port with --port or PORT`,
    ]);
    // The sample city writes its legacy systems under the data directory when it starts.
    expect(existsSync(join(dataDir, 'legacy'))).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
