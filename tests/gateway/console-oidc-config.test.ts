import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { resolveConsoleOidc } from '../../gateway/console/oidc-config.ts';
import { useConsole } from '../../gateway/console/serve-console.ts';
import { resolveGovernanceConfig } from '../../gateway/governance/governance-config.ts';
import { startCli } from '../support/cli.ts';

const ISSUER = 'https://idp.city.example/realms/staff';
const PRODUCTION = { CITYHUB_JWKS_URL: `${ISSUER}/protocol/openid-connect/certs`, CITYHUB_JWT_ISSUER: ISSUER, CITYHUB_JWT_AUDIENCE: 'cityhub-console' };
const resolve = (env: Record<string, string>) => resolveConsoleOidc(env, resolveGovernanceConfig(env, '/tmp/cityhub-data').identity);

describe('the console\'s OpenID Connect settings (CITYHUB_OIDC_*)', () => {
  it('are off without CITYHUB_OIDC_ISSUER, and read with the default scope or the given ones', () => {
    expect(resolve(PRODUCTION)).toBeUndefined();
    expect(resolve({ ...PRODUCTION, CITYHUB_OIDC_ISSUER: ISSUER, CITYHUB_OIDC_CLIENT_ID: 'cityhub-console' })).toEqual({ issuer: ISSUER, clientId: 'cityhub-console', scopes: ['openid'] });
    expect(resolve({ ...PRODUCTION, CITYHUB_OIDC_ISSUER: ISSUER, CITYHUB_OIDC_CLIENT_ID: 'cityhub-console', CITYHUB_OIDC_SCOPES: ' openid  cityhub openid ' })?.scopes).toEqual(['openid', 'cityhub']);
  });

  it('are refused with an error naming the variable', () => {
    const oidc = { ...PRODUCTION, CITYHUB_OIDC_ISSUER: ISSUER, CITYHUB_OIDC_CLIENT_ID: 'cityhub-console' };
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...PRODUCTION, CITYHUB_OIDC_CLIENT_ID: 'cityhub-console' }, 'CITYHUB_OIDC_CLIENT_ID is set but CITYHUB_OIDC_ISSUER is not'],
      [{ ...PRODUCTION, CITYHUB_OIDC_SCOPES: 'openid' }, 'CITYHUB_OIDC_SCOPES is set but CITYHUB_OIDC_ISSUER is not'],
      [{ ...oidc, CITYHUB_OIDC_ISSUER: 'idp.city.example' }, 'CITYHUB_OIDC_ISSUER must be an absolute URL, received "idp.city.example"'],
      [{ ...oidc, CITYHUB_OIDC_ISSUER: 'http://idp.city.example', CITYHUB_JWT_ISSUER: 'http://idp.city.example' }, 'CITYHUB_OIDC_ISSUER must use https: (http: only on a loopback host), received "http://idp.city.example/"'],
      [{ ...oidc, CITYHUB_OIDC_ISSUER: `${ISSUER}?x=1` }, 'CITYHUB_OIDC_ISSUER must have no query or fragment'],
      [{ CITYHUB_OIDC_ISSUER: ISSUER, CITYHUB_OIDC_CLIENT_ID: 'cityhub-console' }, 'CITYHUB_OIDC_ISSUER needs CITYHUB_JWKS_URL'],
      [{ ...oidc, CITYHUB_JWT_ISSUER: 'https://other.example' }, `CITYHUB_OIDC_ISSUER ("${ISSUER}") must equal CITYHUB_JWT_ISSUER ("https://other.example")`],
      [{ ...oidc, CITYHUB_OIDC_CLIENT_ID: ' ' }, 'CITYHUB_OIDC_CLIENT_ID must be set with CITYHUB_OIDC_ISSUER'],
      [{ ...oidc, CITYHUB_JWT_AUDIENCE: 'cityhub' }, 'CITYHUB_OIDC_CLIENT_ID ("cityhub-console") must equal CITYHUB_JWT_AUDIENCE ("cityhub")'],
      [{ ...oidc, CITYHUB_OIDC_SCOPES: 'profile email' }, 'CITYHUB_OIDC_SCOPES must include "openid"'],
      [{ ...oidc, CITYHUB_OIDC_SCOPES: 'openid "quoted"' }, 'CITYHUB_OIDC_SCOPES must be space-separated scope names, received "\\"quoted\\""'],
    ];
    for (const [env, message] of cases) expect(() => resolve(env), message).toThrow(message);
  });

  it('are listed at /console/config for the console, with whether the persona picker mints tokens', async () => {
    const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }' });
    const oidc = { issuer: ISSUER, clientId: 'cityhub-console', scopes: ['openid', 'cityhub'] };
    const withLogin = createYoga({ schema, plugins: [useConsole({ dir: '/nonexistent', oidc })] });
    const response = await withLogin.fetch('http://hub/console/config');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ development: false, oidc });
    const without = createYoga({ schema, plugins: [useConsole({ dir: '/nonexistent' })] });
    expect(await (await without.fetch('http://hub/console/config')).json()).toEqual({ development: false, oidc: null });
  });

  it('stop cityhub start before the sample city starts, naming the variable', async () => {
    const cli = startCli(['start', '--sample-city'], { env: { PORT: '0', ...PRODUCTION, CITYHUB_OIDC_ISSUER: ISSUER, CITYHUB_OIDC_CLIENT_ID: 'console' } });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('CITYHUB_OIDC_CLIENT_ID ("console") must equal CITYHUB_JWT_AUDIENCE ("cityhub-console")');
  }, 60_000);
});
