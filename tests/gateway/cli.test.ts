import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';

// The full sample city: a first start checks and registers its 66 manifests before the hub composes.
describe('the cityhub command', { timeout: 150_000 }, () => {
  it('starts the sample city on embedded defaults, serves a query, and stops cleanly on SIGTERM', async () => {
    const cli = startCli(['start', '--sample-city'], { env: { PORT: '0' } });
    const [, url] = (await cli.waitFor(/GraphiQL at (http:\/\/127\.0\.0\.1:\d+)\/graphql/, 140_000))!;
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
    const cli = startCli(['start', '--sample-city'], { env: { PORT: '0' } });
    await cli.waitFor(/connector [a-z-]+ is ready/, 140_000);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM received');
  });

  it('refuses a malformed PORT, naming the variable', async () => {
    const cli = startCli(['start', '--sample-city'], { env: { PORT: 'eighty' } });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('PORT must be an integer from 0 to 65535, received "eighty"');
  });

  it('refuses a malformed CITYHUB_SCALE before starting the sample city, naming the variable', async () => {
    const cli = startCli(['start', '--sample-city'], { env: { PORT: '0', CITYHUB_SCALE: 'huge' } });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('CITYHUB_SCALE must be one of small, city, received "huge"');
  });

  it('refuses a malformed --port option', async () => {
    const cli = startCli(['start', '--sample-city', '--port', '-3']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain("option '-p, --port <port>' argument '-3' is invalid");
  });
});
