import { SignJWT, base64url, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER, resolveGovernanceConfig } from '../../gateway/governance/index.ts';
import { PERSONAS, PURPOSE_HEADER, mintToken } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const QUERY = '{ elderlyResidents(first: 1) { personId } }';

describe('identity at the gateway over real HTTP', () => {
  let hub: TestHub;
  let sent: string[];
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
  });
  afterAll(async () => {
    await hub.close();
  });

  async function post(authorization: string | null, purpose: string | null = 'city-operations') {
    hub.upstreamCalls.length = 0;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    if (purpose !== null) headers[PURPOSE_HEADER] = purpose;
    const response = await fetch(`${hub.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: QUERY }) });
    sent = hub.upstreamCalls.map((call) => call.connector);
    return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: (await response.json()) as any };
  }

  const cityOps = PERSONAS.cityOperationsOfficer;
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['a token signed by another key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      return new SignJWT({ department: cityOps.department, roles: [], jurisdictions: ['3101'], purposes: ['city-operations'] })
        .setProtectedHeader({ alg: 'ES256', kid: hub.keys!.kid }).setSubject('x').setIssuer(DEFAULT_DEV_ISSUER).setAudience(DEFAULT_AUDIENCE)
        .setIssuedAt().setExpirationTime('1h').sign(privateKey);
    }, /signature does not verify|no key/],
    ['an expired token', () => hub.token('cityOperationsOfficer', { expiresInSeconds: 60, now: new Date(Date.now() - 3_600_000) }), /expired/],
    ['a token for another audience', () => mintToken({ principal: cityOps, keys: hub.keys!, issuer: DEFAULT_DEV_ISSUER, audience: 'someone-else' }), /aud/],
    ['a token from another issuer', () => mintToken({ principal: cityOps, keys: hub.keys!, issuer: 'evil', audience: DEFAULT_AUDIENCE }), /iss/],
    ['an alg "none" token', async () => {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      const payload = base64url.encode(JSON.stringify({ sub: 'x', department: cityOps.department, roles: [], jurisdictions: ['3101'], purposes: ['city-operations'], iss: DEFAULT_DEV_ISSUER, aud: DEFAULT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 }));
      return `${header}.${payload}.`;
    }, /algorithm "none" is not accepted|malformed/],
    ['a malformed token', async () => 'not-a-jwt', /malformed/],
  ];

  for (const [name, make, reason] of cases) {
    it(`answers 401 to ${name}, executing nothing`, async () => {
      const response = await post(`Bearer ${await make()}`);
      expect(response.status).toBe(401);
      expect(response.wwwAuthenticate).toMatch(/^Bearer error="invalid_token"/);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body.errors[0].message).toMatch(reason);
      expect(sent).toEqual([]);
    });
  }

  it('answers 401 to an Authorization header of another scheme', async () => {
    const response = await post('Basic dXNlcjpwYXNz');
    expect(response.status).toBe(401);
    expect(response.body.errors[0].message).toMatch(/must be "Bearer <token>"/);
    expect(sent).toEqual([]);
  });

  it('answers 403 to a purpose the token does not allow, executing nothing', async () => {
    const response = await post(`Bearer ${await hub.token('cityOperationsOfficer')}`, 'elderly-care');
    expect(response.status).toBe(403);
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(response.body.errors[0].message).toMatch(/purpose "elderly-care" is not allowed by your token; allowed purposes: "city-operations", "emergency-response"/);
    expect(sent).toEqual([]);
  });

  it('answers 403 to a government token without a declared purpose', async () => {
    const response = await post(`Bearer ${await hub.token('districtOfficer')}`, null);
    expect(response.status).toBe(403);
    expect(response.body.errors[0].message).toMatch(/a purpose is required: set the x-cityhub-purpose header/);
  });

  it('treats a request without a token as anonymous, reading open data only', async () => {
    const response = await hub.queryAs(null, '{ me { subject purpose } districts(first: 1) { code population } elderlyResidents(first: 3) { personId } }');
    expect(response.status).toBe(200);
    expect(response.data.me).toEqual({ subject: 'anonymous', purpose: null });
    expect(response.data.districts).toEqual([{ code: '310101', population: null }]);
    expect(response.data.elderlyResidents).toEqual([]);
  });

  it('accepts a valid token and reports the principal and purpose', async () => {
    const response = await hub.queryAs('caseWorker', '{ me { subject department jurisdictions purpose } }', undefined, 'service-approval');
    expect(response.data.me).toEqual({ subject: 'persona-case-worker', department: 'Civil Affairs Bureau', jurisdictions: ['310106'], purpose: 'service-approval' });
  });
});

describe('the filter oracle', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('refuses a filter on a field the principal may not read in the clear, before any upstream call', async () => {
    hub.upstreamCalls.length = 0;
    const response = await hub.queryAs(null, '{ elderlyResidents(where: { careLevel: 3 }) { personId } }');
    expect(response.data.elderlyResidents).toBeNull();
    expect(response.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(response.errors![0]!.message).toMatch(/filtering or sorting on ElderlyResident.careLevel is not allowed/);
    expect(hub.upstreamCalls).toEqual([]);
  });

  it('refuses a key lookup and a jurisdiction filter the principal may not read', async () => {
    const byKey = await hub.queryAs('appDeveloper', '{ communityWorker(workerId: "W3101060130011") { role } }');
    expect(byKey.errors![0]!.message).toMatch(/filtering or sorting on CommunityWorker.workerId is not allowed/);
    const within = await hub.queryAs(null, '{ communityWorkers(within: "310106") { role } }');
    expect(within.errors![0]!.message).toMatch(/CommunityWorker.communityCode is not allowed/);
  });

  it('allows a filter on a field the principal reads in the clear', async () => {
    const response = await hub.queryAs('streetOfficer', '{ elderlyResidents(where: { careLevel: 3 }) { careLevel } }');
    expect(response.errors).toBeUndefined();
    expect(response.data.elderlyResidents.length).toBeGreaterThan(0);
    expect(response.data.elderlyResidents.every((r: any) => r.careLevel === 3)).toBe(true);
  });
});

describe('governance settings from the environment', () => {
  it('defaults to development mode with keys and agreements under the data dir', () => {
    const config = resolveGovernanceConfig({}, '/srv/cityhub');
    expect(config).toEqual({
      identity: { mode: 'development', dataDir: '/srv/cityhub', issuer: 'cityhub-dev', audience: 'cityhub' },
      databaseUrl: 'sqlite:/srv/cityhub/cityhub.sqlite',
    });
  });

  it('switches to production mode with a JWKS URL, issuer and audience, and PostgreSQL when configured', () => {
    const config = resolveGovernanceConfig(
      { CITYHUB_JWKS_URL: 'https://idp.example/jwks.json', CITYHUB_JWT_ISSUER: 'https://idp.example', CITYHUB_JWT_AUDIENCE: 'cityhub', CITYHUB_DATABASE_URL: 'postgres://hub@db/cityhub' },
      '/srv',
    );
    expect(config.identity).toEqual({ mode: 'production', jwksUrl: 'https://idp.example/jwks.json', issuer: 'https://idp.example', audience: 'cityhub' });
    expect(config.databaseUrl).toBe('postgres://hub@db/cityhub');
  });

  it('refuses production mode without an issuer or an audience, naming the variable', () => {
    expect(() => resolveGovernanceConfig({ CITYHUB_JWKS_URL: 'https://idp.example/jwks.json', CITYHUB_JWT_AUDIENCE: 'a' }, '/srv')).toThrow(/CITYHUB_JWT_ISSUER must be set/);
    expect(() => resolveGovernanceConfig({ CITYHUB_JWKS_URL: 'https://idp.example/jwks.json', CITYHUB_JWT_ISSUER: 'i' }, '/srv')).toThrow(/CITYHUB_JWT_AUDIENCE must be set/);
  });
});
