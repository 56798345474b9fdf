import { SignJWT } from 'jose';
import type { DevKeyPair } from './dev-key-pair.ts';
import type { Principal } from './principal.ts';

/** Options of {@link mintToken}. */
export interface MintTokenOptions {
  /** Who the token is for. */
  readonly principal: Principal;
  /** The development key pair that signs the token. */
  readonly keys: DevKeyPair;
  /** The `iss` claim; must match the verifier's `issuer`. */
  readonly issuer: string;
  /** The `aud` claim; must match the verifier's `audience`. */
  readonly audience: string;
  /** Lifetime in seconds. @default 3600 */
  readonly expiresInSeconds?: number;
  /** The issue time. @default new Date() */
  readonly now?: Date;
}

/** The default lifetime of a minted token, in seconds. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Signs a development token for a principal with the local key pair (`ES256`), carrying the
 * claims `principalFromClaims` reads. Development mode only: production tokens come from
 * the city's identity provider.
 *
 * Throws a `TypeError` naming the option when `issuer`, `audience` or `expiresInSeconds` is
 * invalid.
 *
 * ```ts
 * const token = await mintToken({ principal: PERSONAS.districtOfficer, keys, issuer, audience });
 * ```
 */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const { principal, keys, issuer, audience } = options;
  if (typeof issuer !== 'string' || issuer === '') throw new TypeError(`issuer must be a non-empty string, received ${JSON.stringify(issuer)}`);
  if (typeof audience !== 'string' || audience === '') {
    throw new TypeError(`audience must be a non-empty string, received ${JSON.stringify(audience)}`);
  }
  const lifetime = options.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime <= 0) {
    throw new TypeError(`expiresInSeconds must be a positive integer, received ${JSON.stringify(lifetime)}`);
  }
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    // A resident has no department: the claim is left out rather than sent empty.
    ...(principal.department !== '' ? { department: principal.department } : {}),
    roles: [...principal.roles],
    jurisdictions: [...principal.jurisdictions],
    purposes: [...principal.purposes],
    ...(principal.displayName !== undefined ? { name: principal.displayName } : {}),
    ...(principal.personId !== undefined ? { personId: principal.personId } : {}),
  })
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: 'JWT' })
    .setSubject(principal.subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetime)
    .sign(keys.privateKey);
}
