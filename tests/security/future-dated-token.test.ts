import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { PERSONAS, PURPOSE_HEADER } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A token whose iat or nbf lies in the future was accepted. */
describe('attack: future-dated token', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const ask = (token: string) =>
    edge.send({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [PURPOSE_HEADER]: 'elderly-care' }, body: JSON.stringify({ query: '{ districts(first: 1) { code } }' }) });

  it('refuses a token issued an hour from now with 401 UNAUTHENTICATED', async () => {
    const token = await edge.token('caseWorker', { now: new Date(Date.now() + 3_600_000) });
    const response = await ask(token);
    expect(response.status).toBe(401);
    expect(response.body.errors[0]).toMatchObject({ message: 'invalid token: the token was issued in the future ("iat" is ahead of the hub\'s clock)', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token not valid before an hour from now', async () => {
    const principal = PERSONAS.caseWorker;
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ department: principal.department, roles: [...principal.roles], jurisdictions: [...principal.jurisdictions], purposes: [...principal.purposes] })
      .setProtectedHeader({ alg: edge.keys.alg, kid: edge.keys.kid })
      .setSubject(principal.subject)
      .setIssuer(DEFAULT_DEV_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setIssuedAt(now)
      .setNotBefore(now + 3600)
      .setExpirationTime(now + 7200)
      .sign(edge.keys.privateKey);
    const response = await ask(token);
    expect(response.status).toBe(401);
    expect(response.body.errors[0].message).toMatch(/"nbf" is in the future/);
  });

  it('accepts a token issued within the clock skew (2 s ahead)', async () => {
    const token = await edge.token('caseWorker', { now: new Date(Date.now() + 2_000) });
    expect((await ask(token)).status).toBe(200);
  });
});
