import { describe, expect, it } from 'vitest';
import { createIdentityVerifier, mintToken, generateDevKeyPair, PERSONAS } from '../../governance/index.ts';

describe('identity verifier options', () => {
  const base = { issuer: 'https://idp', audience: 'cityhub' };

  it('refuses HS256 or none among production algorithms', () => {
    expect(() => createIdentityVerifier({ ...base, mode: 'production', jwksUrl: 'https://idp/jwks', algorithms: ['HS256'] })).toThrow(
      /algorithms may hold only asymmetric algorithms .* received "HS256"/,
    );
    expect(() => createIdentityVerifier({ ...base, mode: 'production', jwksUrl: 'https://idp/jwks', algorithms: ['none'] })).toThrow(TypeError);
  });

  it('refuses a plain-HTTP JWKS URL on a non-loopback host', () => {
    expect(() => createIdentityVerifier({ ...base, mode: 'production', jwksUrl: 'http://idp.example/jwks' })).toThrow(
      /jwksUrl must use https: .* received "http:\/\/idp.example\/jwks"/,
    );
  });

  it('refuses a relative JWKS URL', () => {
    expect(() => createIdentityVerifier({ ...base, mode: 'production', jwksUrl: '/jwks' })).toThrow(/jwksUrl must be an absolute URL, received "\/jwks"/);
  });

  it('refuses a missing issuer or audience', () => {
    expect(() => createIdentityVerifier({ ...base, issuer: '', mode: 'production', jwksUrl: 'https://idp/jwks' })).toThrow(
      /issuer must be a non-empty string, received ""/,
    );
    expect(() => createIdentityVerifier({ ...base, audience: undefined as unknown as string, mode: 'development', dataDir: 'x' })).toThrow(
      /audience must be a non-empty string/,
    );
  });

  it('refuses development mode without keys or a dataDir', () => {
    expect(() => createIdentityVerifier({ ...base, mode: 'development' })).toThrow(/development mode needs keys or a dataDir/);
  });

  it('refuses an unknown mode', () => {
    expect(() => createIdentityVerifier({ ...base, mode: 'staging' } as never)).toThrow(/mode must be "production" or "development", received "staging"/);
  });

  it('refuses a non-positive token lifetime when minting', async () => {
    const keys = await generateDevKeyPair();
    await expect(mintToken({ ...base, keys, principal: PERSONAS.auditor, expiresInSeconds: 0 })).rejects.toThrow(
      /expiresInSeconds must be a positive integer, received 0/,
    );
  });
});
