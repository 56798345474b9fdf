import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { PERSONAS, createIdentityVerifier, generateDevKeyPair, mintToken, type DevKeyPair } from '../../governance/index.ts';
import { rejection } from '../support/rejection.ts';

const issuer = 'https://idp.sample-city.example';
const audience = 'cityhub';


describe('verified tokens remembered (development)', () => {
  let keys: DevKeyPair;
  const issued = new Date('2030-01-01T00:00:00Z');
  let clock = issued.getTime();
  const now = () => new Date(clock);

  beforeAll(async () => {
    keys = await generateDevKeyPair();
  });

  it('serves a token verified once from memory, as one frozen principal', async () => {
    const verifier = createIdentityVerifier({ mode: 'development', keys, issuer, audience, now });
    clock = issued.getTime();
    const token = await mintToken({ principal: PERSONAS.caseWorker, keys, issuer, audience, now: issued, expiresInSeconds: 60 });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.jurisdictions) && Object.isFrozen(first.roles)).toBe(true);
  });

  it('refuses a remembered token once it is past its exp (and the clock tolerance)', async () => {
    const verifier = createIdentityVerifier({ mode: 'development', keys, issuer, audience, now, clockToleranceSeconds: 5 });
    clock = issued.getTime();
    const token = await mintToken({ principal: PERSONAS.caseWorker, keys, issuer, audience, now: issued, expiresInSeconds: 60 });
    expect((await verifier.verify(token)).subject).toBe(PERSONAS.caseWorker.subject);
    clock = issued.getTime() + 59_000;
    expect((await verifier.verify(token)).subject).toBe(PERSONAS.caseWorker.subject);
    clock = issued.getTime() + 66_000;
    expect((await rejection(verifier.verify(token))).message).toBe('invalid token: the token has expired');
    // And it stays refused: the refusal is not remembered as a success.
    expect((await rejection(verifier.verify(token))).message).toBe('invalid token: the token has expired');
  });

  it('remembers at most tokenCacheSize tokens, the least recently used leaving first', async () => {
    const verifier = createIdentityVerifier({ mode: 'development', keys, issuer, audience, now, tokenCacheSize: 2 });
    clock = issued.getTime();
    const tokens = await Promise.all(
      ['a', 'b', 'c'].map((suffix) => mintToken({ principal: { ...PERSONAS.caseWorker, subject: `case-worker-${suffix}` }, keys, issuer, audience, now: issued })),
    );
    const a = await verifier.verify(tokens[0]!);
    await verifier.verify(tokens[1]!);
    await verifier.verify(tokens[2]!);
    const again = await verifier.verify(tokens[0]!);
    expect(again).toEqual(a);
    expect(again).not.toBe(a);
  });

  it('remembers nothing with tokenCacheSize 0, and refuses a bad size naming it', async () => {
    const verifier = createIdentityVerifier({ mode: 'development', keys, issuer, audience, now, tokenCacheSize: 0 });
    clock = issued.getTime();
    const token = await mintToken({ principal: PERSONAS.caseWorker, keys, issuer, audience, now: issued });
    expect(await verifier.verify(token)).not.toBe(await verifier.verify(token));
    expect(() => createIdentityVerifier({ mode: 'development', keys, issuer, audience, tokenCacheSize: -1 })).toThrow(
      'tokenCacheSize must be a non-negative integer, received -1',
    );
    expect(() => createIdentityVerifier({ mode: 'production', jwksUrl: 'https://idp/jwks', issuer, audience, jwksMaxAgeMs: 0 })).toThrow(
      'jwksMaxAgeMs must be a positive integer, received 0',
    );
  });
});

describe('verified tokens remembered (production, key rotation)', () => {
  let server: Server;
  let jwksUrl: string;
  let published: JWK[] = [];
  const oldKid = 'idp-2030-a';
  const newKid = 'idp-2030-b';
  let oldKey: CryptoKey;
  let newKey: CryptoKey;
  let oldJwk: JWK;
  let newJwk: JWK;

  beforeAll(async () => {
    const a = await generateKeyPair('ES256');
    const b = await generateKeyPair('ES256');
    oldKey = a.privateKey;
    newKey = b.privateKey;
    oldJwk = { ...(await exportJWK(a.publicKey)), kid: oldKid, alg: 'ES256', use: 'sig' };
    newJwk = { ...(await exportJWK(b.publicKey)), kid: newKid, alg: 'ES256', use: 'sig' };
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const idpToken = (key: CryptoKey, kid: string) =>
    new SignJWT({ department: 'Civil Affairs Bureau', roles: ['case-worker'], jurisdictions: ['310106'], purposes: ['elderly-care'] })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('idp-user-9')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  it('refuses a remembered token signed by a key the identity provider removed, once the key set is fetched again', async () => {
    published = [oldJwk];
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl, issuer, audience, algorithms: ['ES256'], jwksMaxAgeMs: 3_000 });
    const token = await idpToken(oldKey, oldKid);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    // The provider rotates: the old key is gone.
    published = [newJwk];
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    expect((await rejection(verifier.verify(token))).message).toMatch(/^invalid token: the token was signed by another key/);
    expect((await verifier.verify(await idpToken(newKey, newKid))).subject).toBe('idp-user-9');
  });

  it('forgets every remembered token when the key set changes, whoever noticed', async () => {
    published = [oldJwk, newJwk];
    const verifier = createIdentityVerifier({ mode: 'production', jwksUrl, issuer, audience, algorithms: ['ES256'], jwksMaxAgeMs: 3_000 });
    const oldToken = await idpToken(oldKey, oldKid);
    const remembered = await verifier.verify(oldToken);
    expect(await verifier.verify(oldToken)).toBe(remembered);
    // The set is fetched again for another token (it is stale) and now holds the new key only:
    // the old key's token is not served from memory, even though it is not stale itself yet.
    published = [newJwk];
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    await verifier.verify(await idpToken(newKey, newKid));
    expect((await rejection(verifier.verify(oldToken))).message).toMatch(/^invalid token: the token was signed by another key/);
  });
});
