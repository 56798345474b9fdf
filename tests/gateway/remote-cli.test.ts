import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteCallSigner, loadRemoteCallKey } from '../../gateway/index.ts';
import { startCli } from '../support/cli.ts';

describe('cityhub serve-connector', () => {
  // The hub's data directory: its call-signing key, and the hub-jwks.json the connector reads.
  let hubDir: string;
  beforeAll(async () => {
    hubDir = mkdtempSync(join(tmpdir(), 'cityhub-hub-'));
    await loadRemoteCallKey({ dataDir: hubDir });
  });
  afterAll(() => rmSync(hubDir, { recursive: true, force: true }));
  const hubJwks = () => join(hubDir, 'hub-jwks.json');

  it("serves one connector's subgraph to the hub's signed calls only, tells the gateway variable, and exits on SIGTERM", async () => {
    const cli = startCli(['serve-connector', 'grids', '--sample-city', '--port', '0', '--hub-jwks', hubJwks()]);
    const [, url] = (await cli.waitFor(/CITYHUB_REMOTE_GRIDS_URL=(http:\/\/127\.0\.0\.1:\d+\/graphql)/))!;
    const unsigned = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ grids(first: 1) { code } }' }) });
    expect(unsigned.status).toBe(401);
    const authorization = `Bearer ${await createRemoteCallSigner({ dataDir: hubDir }).sign('grids')}`;
    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ grids(within: "310106013", first: 2) { code } _lookupGrid(keys: ["310106013002-01"]) { code } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.grids.every((g: { code: string }) => g.code.startsWith('310106013'))).toBe(true);
    expect(body.data._lookupGrid).toEqual([{ code: '310106013002-01' }]);
    expect((await fetch(new URL('/readyz', url), { headers: { authorization } })).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM received: finishing running requests, then stopping connector grids');
  });

  it("refuses to start without the hub's JWKS, naming the file it looked for", async () => {
    const cli = startCli(['serve-connector', 'grids', '--sample-city', '--port', '0']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/cannot read the hub's JWKS at \S+hub-jwks\.json \(ENOENT\)/);
  });

  it('prints the JWKS the hub signs its calls with, the same as its hub-jwks.json', async () => {
    const cli = startCli(['hub-jwks'], { dataDir: hubDir });
    expect(await cli.exited).toBe(0);
    const printed = JSON.parse(cli.stdout());
    expect(printed).toEqual((await loadRemoteCallKey({ dataDir: hubDir })).jwks);
    expect(printed.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(printed.keys[0]).not.toHaveProperty('d');
  });

  it('refuses an unknown connector id, listing the known ones', async () => {
    const cli = startCli(['serve-connector', 'gridz']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/no connector "gridz"; known connectors: .*grids/);
  });

  it('refuses to start without the endpoint variable its manifest names', async () => {
    const cli = startCli(['serve-connector', 'grids', '--port', '0'], { env: { CITYHUB_GRIDS_DB: '', CITYHUB_HUB_JWKS: hubJwks() } });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('source.endpointEnv: environment variable CITYHUB_GRIDS_DB is not set');
  });
});
