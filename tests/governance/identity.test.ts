import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, base64url, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import {
  ANONYMOUS,
  PERSONAS,
  createIdentityVerifier,
  devKeyPaths,
  generateDevKeyPair,
  isGovernmentPrincipal,
  loadDevKeyPair,
  mintToken,
  type DevKeyPair,
  type IdentityVerifier,
} from '../../governance/index.ts';
import { rejection } from '../support/rejection.ts';

const issuer = 'https://idp.sample-city.example';
const audience = 'cityhub';


function claimsOf(principal = PERSONAS.districtOfficer) {
  return {
    department: principal.department,
    roles: [...principal.roles],
    jurisdictions: [...principal.jurisdictions],
    purposes: [...principal.purposes],
  };
}

describe('development identity', () => {
  let keys: DevKeyPair;
  let verifier: IdentityVerifier;

  beforeAll(async () => {
    keys = await generateDevKeyPair();
    verifier = createIdentityVerifier({ mode: 'development', keys, issuer, audience });
  });

  it('round-trips every persona through mintToken and verify', async () => {
    for (const persona of Object.values(PERSONAS)) {
      const token = await mintToken({ principal: persona, keys, issuer, audience });
      const principal = await verifier.verify(token);
      expect(principal).toEqual(persona);
    }
  });

  it('returns the anonymous principal when there is no Authorization header', async () => {
    expect(await verifier.authenticate(undefined)).toBe(ANONYMOUS);
    expect(await verifier.authenticate(null)).toBe(ANONYMOUS);
    expect(await verifier.authenticate('')).toBe(ANONYMOUS);
    expect(isGovernmentPrincipal(ANONYMOUS)).toBe(false);
  });

  it('verifies a Bearer Authorization header', async () => {
    const token = await mintToken({ principal: PERSONAS.streetOfficer, keys, issuer, audience });
    expect((await verifier.authenticate(`Bearer ${token}`)).jurisdictions).toEqual(['310106013']);
  });

  it('refuses an Authorization header with another scheme', async () => {
    const error = await rejection(verifier.authenticate('Basic dXNlcjpwYXNz'));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/Bearer <token>/);
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateDevKeyPair();
    // The forger even copies our key id.
    const token = await mintToken({ principal: PERSONAS.auditor, keys: { ...other, kid: keys.kid }, issuer, audience });
    const error = await rejection(verifier.verify(token));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.http).toEqual({ status: 401 });
    expect(error.message).toBe('invalid token: the token signature does not verify');
  });

  it('refuses a token whose payload was edited after signing', async () => {
    const token = await mintToken({ principal: PERSONAS.streetOfficer, keys, issuer, audience });
    const [header, , signature] = token.split('.');
    const forged = base64url.encode(JSON.stringify({ ...claimsOf(PERSONAS.cityOperationsOfficer), sub: 'x', iss: issuer, aud: audience, exp: 9_999_999_999 }));
    const error = await rejection(verifier.verify(`${header}.${forged}.${signature}`));
    expect(error.message).toMatch(/signature does not verify/);
  });

  it('refuses an expired token', async () => {
    const token = await mintToken({
      principal: PERSONAS.caseWorker,
      keys,
      issuer,
      audience,
      now: new Date(Date.now() - 2 * 3600_000),
    });
    const error = await rejection(verifier.verify(token));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('invalid token: the token has expired');
  });

  it('uses the injected clock to judge expiry', async () => {
    const issued = new Date('2030-01-01T00:00:00Z');
    const token = await mintToken({ principal: PERSONAS.caseWorker, keys, issuer, audience, now: issued, expiresInSeconds: 60 });
    const atIssue = createIdentityVerifier({ mode: 'development', keys, issuer, audience, now: () => issued });
    expect((await atIssue.verify(token)).subject).toBe(PERSONAS.caseWorker.subject);
    const later = createIdentityVerifier({ mode: 'development', keys, issuer, audience, now: () => new Date(issued.getTime() + 120_000) });
    expect((await rejection(later.verify(token))).message).toMatch(/expired/);
  });

  it('refuses a token for another audience', async () => {
    const token = await mintToken({ principal: PERSONAS.auditor, keys, issuer, audience: 'another-hub' });
    const error = await rejection(verifier.verify(token));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/"aud" mismatch/);
  });

  it('refuses a token from another issuer', async () => {
    const token = await mintToken({ principal: PERSONAS.auditor, keys, issuer: 'https://evil.example', audience });
    const error = await rejection(verifier.verify(token));
    expect(error.message).toMatch(/"iss" mismatch/);
    expect(error.message).not.toContain(issuer);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({ ...claimsOf(PERSONAS.cityOperationsOfficer), sub: 'intruder', iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 600 }),
    );
    const error = await rejection(verifier.verify(`${header}.${payload}.`));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/algorithm "none" is not accepted/);
  });

  it('refuses an HMAC token (algorithm confusion)', async () => {
    const token = await new SignJWT({ ...claimsOf() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    const error = await rejection(verifier.verify(token));
    expect(error.message).toMatch(/algorithm "HS256" is not accepted \(accepted: ES256\)/);
  });

  it('refuses a token that is not a JWT', async () => {
    const error = await rejection(verifier.verify('not-a-token'));
    expect(error.message).toMatch(/malformed/);
  });

  it('refuses a token without an expiry', async () => {
    const token = await new SignJWT(claimsOf())
      .setProtectedHeader({ alg: 'ES256', kid: keys.kid })
      .setSubject('u-1')
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(keys.privateKey);
    expect((await rejection(verifier.verify(token))).message).toBe('invalid token: the token has no "exp" claim');
  });

  async function signed(claims: Record<string, unknown>, subject: string | undefined = 'u-1'): Promise<string> {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: keys.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('10m');
    if (subject !== undefined) jwt.setSubject(subject);
    return jwt.sign(keys.privateKey);
  }

  it.each([
    ['a jurisdiction that is not an administrative code', { jurisdictions: ['310106', 'Xuhui'] }, /claim "jurisdictions" must hold administrative codes.*"Xuhui"/],
    ['a malformed purpose', { purposes: ['Elderly Care'] }, /claim "purposes" must hold purposes.*"Elderly Care"/],
    ['roles that are not an array', { roles: 'admin' }, /claim "roles" must be an array of strings, received "admin"/],
    ['no department', { department: undefined }, /claim "department" must be a non-empty string, received nothing/],
    ['a numeric jurisdiction', { jurisdictions: [310106] }, /claim "jurisdictions" must be an array of strings/],
  ])('refuses a token with %s', async (_label, override, message) => {
    const token = await signed({ ...claimsOf(), ...override });
    const error = await rejection(verifier.verify(token));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(message);
  });

  it('refuses a token claiming the anonymous subject', async () => {
    const error = await rejection(verifier.verify(await signed(claimsOf(), 'anonymous')));
    expect(error.message).toMatch(/claim "sub" may not be "anonymous"/);
  });

  it('never puts the token in its message', async () => {
    const token = await mintToken({ principal: PERSONAS.auditor, keys, issuer, audience: 'other' });
    const error = await rejection(verifier.verify(token));
    expect(error.message).not.toContain(token.split('.')[1]);
  });
});

describe('persisted development keys', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cityhub-keys-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the key pair as JWK files on first use and reuses it afterwards', async () => {
    const first = await loadDevKeyPair({ dataDir });
    const paths = devKeyPaths(dataDir);
    const privateJwk = JSON.parse(await readFile(paths.privateKey, 'utf8')) as JWK;
    expect(privateJwk.d).toBeTypeOf('string');
    expect((await stat(paths.privateKey)).mode & 0o077).toBe(0);
    const publicJwk = JSON.parse(await readFile(paths.publicKey, 'utf8')) as JWK;
    expect(publicJwk.d).toBeUndefined();
    expect(publicJwk.kid).toBe(first.kid);

    const second = await loadDevKeyPair({ dataDir });
    expect(second.kid).toBe(first.kid);
    const token = await mintToken({ principal: PERSONAS.trafficPoliceOfficer, keys: first, issuer, audience });
    const verifier = createIdentityVerifier({ mode: 'development', dataDir, issuer, audience });
    expect(await verifier.verify(token)).toEqual(PERSONAS.trafficPoliceOfficer);
  });

  it('says a token minted with another data directory was signed by another key', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'cityhub-keys-other-'));
    try {
      const token = await mintToken({ principal: PERSONAS.caseWorker, keys: await loadDevKeyPair({ dataDir: otherDir }), issuer, audience });
      const verifier = createIdentityVerifier({ mode: 'development', dataDir, issuer, audience });
      const error = await rejection(verifier.verify(token));
      expect(error.extensions.http).toEqual({ status: 401 });
      expect(error.message).toBe(
        'invalid token: the token was signed by another key (one of another data directory, or of an identity provider), not by this hub\'s development key: mint one with "cityhub token <persona>" using this hub\'s data directory',
      );
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses an empty dataDir with a TypeError naming it', async () => {
    await expect(loadDevKeyPair({ dataDir: '' })).rejects.toThrow(/dataDir must be a non-empty directory path, received ""/);
  });
});

describe('production identity (JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let jwksRequests = 0;
  const kid = 'idp-2030-rs256';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
    server = createServer((request, response) => {
      if (request.url !== '/.well-known/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      jwksRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function idpToken(claims: Record<string, unknown>, options: { kid?: string; issuer?: string; audience?: string } = {}) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid })
      .setSubject('idp-user-7')
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  }

  it('verifies a token against the identity provider key set served over HTTP', async () => {
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl, issuer, audience });
    const principal = await verifier.verify(await idpToken({ ...claimsOf(PERSONAS.caseWorker), name: '王芳' }));
    expect(principal).toMatchObject({ subject: 'idp-user-7', department: 'Civil Affairs Bureau', displayName: '王芳' });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('refuses a token whose key id the key set does not hold', async () => {
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl, issuer, audience });
    const error = await rejection(verifier.verify(await idpToken(claimsOf(), { kid: 'unknown-key' })));
    expect(error.message).toBe('invalid token: the token was signed by another key (another identity provider, or a key this one no longer publishes): no key of the identity provider matches its "kid"/"alg"');
  });

  it('refuses a development token in production', async () => {
    const keys = await generateDevKeyPair();
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl, issuer, audience });
    const error = await rejection(verifier.verify(await mintToken({ principal: PERSONAS.auditor, keys, issuer, audience })));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('checks issuer and audience in production too', async () => {
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl, issuer, audience });
    expect((await rejection(verifier.verify(await idpToken(claimsOf(), { issuer: 'https://other' })))).message).toMatch(/"iss"/);
    expect((await rejection(verifier.verify(await idpToken(claimsOf(), { audience: 'other' })))).message).toMatch(/"aud"/);
  });

  it('refuses a token signed with an algorithm outside the pinned list', async () => {
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl, issuer, audience, algorithms: ['ES256'] });
    const error = await rejection(verifier.verify(await idpToken(claimsOf())));
    expect(error.message).toMatch(/algorithm "RS256" is not accepted \(accepted: ES256\)/);
  });

  it('reports an unreachable key set without leaking its URL', async () => {
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl: 'http://127.0.0.1:1/jwks.json', issuer, audience });
    const error = await rejection(verifier.verify(await idpToken(claimsOf())));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).not.toContain('127.0.0.1');
  });
});
