import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';

describe('cityhub serve-connector', () => {
  it("serves one connector's subgraph, tells the gateway variable, and stops on SIGTERM", async () => {
    const cli = startCli(['serve-connector', 'grids', '--sample-city', '--port', '0']);
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
    const cli = startCli(['serve-connector', 'gridz']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/no connector "gridz"; known connectors: .*grids/);
  });

  it('refuses to start without the endpoint variable its manifest names', async () => {
    const cli = startCli(['serve-connector', 'grids', '--port', '0'], { env: { CITYHUB_GRIDS_DB: '' } });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('source.endpointEnv: environment variable CITYHUB_GRIDS_DB is not set');
  });
});
