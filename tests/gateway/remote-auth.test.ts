import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import {
  REMOTE_CALL_ISSUER,
  createCityHub,
  createLogger,
  createRemoteCallSigner,
  loadRemoteCallKey,
  readHubJwks,
  remoteCallKeyPaths,
  startRemoteConnector,
  type RemoteCallSigner,
  type RemoteConnectorServer,
} from '../../gateway/index.ts';

const silent = createLogger('silent');
const ID = 'community-workers';
const QUERY = JSON.stringify({ query: '{ communityWorkers(first: 2) { workerId name } }' });

describe('a department-hosted connector accepts only the hub', () => {
  let dataDir: string;
  let city: SampleCity;
  let hubJwks: JSONWebKeySet;
  let signer: RemoteCallSigner;
  let served: RemoteConnectorServer;
  const legacyCalls = () => city.rest.get(ID)!.calls.length;
  const post = (authorization?: string) =>
    fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: QUERY });
  // A token like the hub's, with the claims and key given.
  const forge = async (claims: { iss?: string; aud?: string; lifetime?: number; iatOffset?: number }, key?: CryptoKey) => {
    const { privateKey } = await loadRemoteCallKey({ dataDir });
    const now = Math.floor(Date.now() / 1000) + (claims.iatOffset ?? 0);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: hubJwks.keys[0]!.kid! })
      .setIssuer(claims.iss ?? REMOTE_CALL_ISSUER)
      .setAudience(claims.aud ?? ID)
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.lifetime ?? 60))
      .sign(key ?? privateKey);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-remote-auth-'));
    city = await startSampleCity({ dataDir, only: ['admin-divisions', 'grids', ID] });
    hubJwks = (await loadRemoteCallKey({ dataDir })).jwks;
    signer = createRemoteCallSigner({ dataDir });
    served = await startRemoteConnector({ definition: city.definitions.find((d) => d.manifest.id === ID)!, hubJwks, env: city.env, dataDir, logger: silent });
  });
  afterAll(async () => {
    await served?.close();
    await city?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    city.rest.get(ID)!.calls.length = 0;
    city.rest.get(ID)!.setDelay(0);
  });

  it('refuses a plain HTTP request with no token with 401, and the legacy system sees no call', async () => {
    const response = await post();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]).toEqual({ message: 'the call carries no hub token (Authorization: Bearer <JWT>)', extensions: { code: 'UNAUTHENTICATED' } });
    const readiness = await fetch(new URL('/readyz', served.url));
    expect(readiness.status).toBe(401);
    expect(legacyCalls()).toBe(0);
    // Liveness reads no legacy system and stays open to orchestrators.
    expect((await fetch(new URL('/healthz', served.url))).status).toBe(200);
  });

  it.each([
    ['another audience', { aud: 'elderly-registry' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['another issuer', { iss: 'someone-else' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['an expired token', { iatOffset: -600 }, 'ERR_JWT_EXPIRED'],
  ])('refuses %s with 401 before the legacy system', async (_what, claims, code) => {
    const response = await post(`Bearer ${await forge(claims)}`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).errors[0].message).toBe(`the hub token is not valid for this connector (${code})`);
    expect(legacyCalls()).toBe(0);
  });

  it('refuses a long-lived token and one signed by a key not in the hub JWKS', async () => {
    const long = await post(`Bearer ${await forge({ lifetime: 3_600 })}`);
    expect(long.status).toBe(401);
    expect(((await long.json()) as any).errors[0].message).toBe('the hub token lives 3600 s, more than 300 s');
    const stranger = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
    const foreign = await post(`Bearer ${await forge({}, stranger)}`);
    expect(foreign.status).toBe(401);
    expect(((await foreign.json()) as any).errors[0].message).toBe('the hub token is not valid for this connector (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)');
    expect(legacyCalls()).toBe(0);
  });

  it("answers calls signed by the hub's key, each with a token of its own", async () => {
    const tokens: string[] = [];
    const recording: RemoteCallSigner = { sign: async (id) => { const token = await signer.sign(id); tokens.push(token); return token; } };
    const direct = await post(`Bearer ${await recording.sign(ID)}`);
    expect(direct.status).toBe(200);
    expect(((await direct.json()) as any).data.communityWorkers).toHaveLength(2);
    expect(await post(`Bearer ${await recording.sign(ID)}`).then((r) => r.status)).toBe(200);
    expect(new Set(tokens).size).toBe(2);
    expect(legacyCalls()).toBe(2);
  });

  it('serves a city hub through signed calls (probe, readiness and queries)', async () => {
    const hub = await createCityHub({ definitions: city.definitions, env: city.env, dataDir, logger: silent, probeIntervalMs: 0, remote: { [ID]: served.url } });
    try {
      expect(hub.registry.health().find((h) => h.id === ID)).toMatchObject({ state: 'ready' });
      const response = await hub.yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
      const body = (await response.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.communityWorkers).toHaveLength(2);
    } finally {
      await hub.close();
    }
  });

  it('lets a request in flight when close begins finish with 200', async () => {
    const definition = city.definitions.find((d) => d.manifest.id === ID)!;
    const draining = await startRemoteConnector({ definition, hubJwks, env: city.env, dataDir, logger: silent });
    city.rest.get(ID)!.setDelay(300);
    const inFlight = fetch(draining.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await signer.sign(ID)}` }, body: QUERY });
    while (legacyCalls() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = draining.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.communityWorkers).toHaveLength(2);
    await closed;
    await expect(fetch(draining.url, { method: 'POST', body: QUERY })).rejects.toThrow();
  });

  it('lets a hub request in flight when the hub closes finish with 200', async () => {
    const hub = await createCityHub({ definitions: city.definitions, env: city.env, dataDir, logger: silent, probeIntervalMs: 0, remote: { [ID]: served.url } });
    const url = await hub.listen(0);
    // The start-up probe read the legacy system: count from here.
    city.rest.get(ID)!.calls.length = 0;
    city.rest.get(ID)!.setDelay(300);
    const inFlight = fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
    while (legacyCalls() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = hub.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.communityWorkers).toHaveLength(2);
    await closed;
  });
});

describe('the hub JWKS file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-jwks-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written beside the private key, which it does not contain, and read back', async () => {
    const key = await loadRemoteCallKey({ dataDir: dir });
    const read = await readHubJwks(remoteCallKeyPaths(dir).jwks);
    expect(read).toEqual(key.jwks);
    expect(read.keys[0]).not.toHaveProperty('d');
    expect((await loadRemoteCallKey({ dataDir: dir })).kid).toBe(key.kid);
  });

  it('refuses a missing file, one that is not JSON, and one holding a private key, naming the file', async () => {
    const missing = join(dir, 'nowhere.json');
    await expect(readHubJwks(missing)).rejects.toThrow(`cannot read the hub's JWKS at ${missing} (ENOENT); copy the hub's <data dir>/hub-jwks.json there`);
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, 'not json');
    await expect(readHubJwks(garbled)).rejects.toThrow(`the hub's JWKS at ${garbled} is not JSON`);
    const secret = join(dir, 'secret.json');
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    writeFileSync(secret, JSON.stringify({ keys: [await exportJWK(privateKey)] }));
    await expect(readHubJwks(secret)).rejects.toThrow(`${secret} must be a JWKS ({ "keys": [...] }) of public keys`);
  });

  it('refuses a signer lifetime that is not a positive integer', () => {
    expect(() => createRemoteCallSigner({ dataDir: dir, lifetimeSeconds: 0 })).toThrow('lifetimeSeconds must be a positive integer, received 0');
  });
});
