import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { GovernanceError } from '../../schema/index.ts';
import { DEV_ALGORITHM, loadDevKeyPair, type DevKeyPair } from './dev-key-pair.ts';
import { ANONYMOUS, type Principal } from './principal.ts';
import { principalFromClaims } from './principal-from-claims.ts';

/** Options shared by both modes of {@link createIdentityVerifier}. */
interface IdentityVerifierCommonOptions {
  /** The `iss` every token must carry. */
  readonly issuer: string;
  /** The `aud` every token must carry (one of, when the token lists several). */
  readonly audience: string;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. @default 5 */
  readonly clockToleranceSeconds?: number;
  /** The current time; inject a clock in tests. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * How many verified tokens are remembered (by their text, until their `exp`), so a client
   * reusing its token is not verified again on every request; `0` remembers none.
   * @default DEFAULT_TOKEN_CACHE_SIZE
   */
  readonly tokenCacheSize?: number;
}

/** Production: tokens from the city's identity provider, verified against its JWKS. */
export interface ProductionIdentityVerifierOptions extends IdentityVerifierCommonOptions {
  readonly mode: 'production';
  /** The identity provider's JWKS URL; `https:`, or `http:` on a loopback host only. */
  readonly jwksUrl: string | URL;
  /** The asymmetric algorithms accepted. @default DEFAULT_PRODUCTION_ALGORITHMS */
  readonly algorithms?: readonly string[];
  /** How long to wait for the JWKS, in milliseconds. @default 5000 */
  readonly jwksTimeoutMs?: number;
  /**
   * How long a fetched JWKS is trusted before it is fetched again, in milliseconds (a token
   * whose key the set no longer holds is refused from then on, remembered or not).
   * @default 600000 (jose's)
   */
  readonly jwksMaxAgeMs?: number;
}

/** Development: tokens minted by `mintToken` with a local key pair. */
export interface DevelopmentIdentityVerifierOptions extends IdentityVerifierCommonOptions {
  readonly mode: 'development';
  /** The key pair to verify with. One of `keys` or `dataDir` is required. */
  readonly keys?: DevKeyPair;
  /** Directory holding (or to hold) the persisted key pair, see `loadDevKeyPair`. */
  readonly dataDir?: string;
}

/** Options of {@link createIdentityVerifier}. */
export type IdentityVerifierOptions = ProductionIdentityVerifierOptions | DevelopmentIdentityVerifierOptions;

/** The algorithms production accepts unless told otherwise. */
export const DEFAULT_PRODUCTION_ALGORITHMS: readonly string[] = ['RS256', 'ES256'];

/** The algorithms production may be configured with: asymmetric only, never `none` or `HS*`. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
];

/** Turns bearer tokens into principals. */
export interface IdentityVerifier {
  /** The mode the verifier was created in. */
  readonly mode: 'production' | 'development';
  /**
   * Verifies a compact JWT and returns its principal. Throws a `GovernanceError` with code
   * `UNAUTHENTICATED` saying what was wrong (signature, expiry, issuer, audience, algorithm,
   * claims) when the token is not acceptable.
   */
  verify(token: string): Promise<Principal>;
  /**
   * The principal of an `Authorization` header value: {@link ANONYMOUS} without one, the
   * verified principal for `Bearer <token>`, `UNAUTHENTICATED` for any other scheme.
   */
  authenticate(authorization: string | null | undefined): Promise<Principal>;
}

/** How many verified tokens a verifier remembers unless told otherwise. */
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;

/** The longest token accepted, in characters; longer ones are refused before parsing. */
export const MAX_TOKEN_LENGTH = 16_384;

/**
 * Creates the verifier that turns bearer JWTs into principals (jose).
 *
 * Production verifies against the identity provider's JWKS (`createRemoteJWKSet`), with the
 * issuer, the audience and an expiry required, and the algorithms pinned to asymmetric ones.
 * Development verifies `ES256` tokens against a local key pair, given as `keys` or loaded
 * (and created on first use) under `dataDir`.
 *
 * Verified tokens are remembered by their text in a bounded LRU (`tokenCacheSize`) until
 * their `exp`; past it a token is verified again (and refused, beyond the clock tolerance).
 * In production a remembered token is only served while the key set is fresh
 * (`jwksMaxAgeMs`): a stale set is fetched again first, and a key set that changed (a key
 * rotated out or revoked) forgets every remembered token.
 *
 * Options are validated here: a bad one throws a `TypeError` naming it and the value.
 *
 * ```ts
 * const verifier = createIdentityVerifier({
 *   mode: 'production',
 *   jwksUrl: 'https://idp.city.example/.well-known/jwks.json',
 *   issuer: 'https://idp.city.example',
 *   audience: 'cityhub',
 * });
 * const principal = await verifier.authenticate(request.headers.get('authorization'));
 * ```
 */
export function createIdentityVerifier(options: IdentityVerifierOptions): IdentityVerifier {
  const issuer = nonEmptyString('issuer', options?.issuer);
  const audience = nonEmptyString('audience', options.audience);
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0) {
    throw new TypeError(`clockToleranceSeconds must be a non-negative number, received ${JSON.stringify(clockTolerance)}`);
  }
  const now = options.now ?? (() => new Date());
  if (typeof now !== 'function') throw new TypeError(`now must be a function returning a Date, received ${typeof now}`);

  const cacheSize = options.tokenCacheSize ?? DEFAULT_TOKEN_CACHE_SIZE;
  if (!Number.isInteger(cacheSize) || cacheSize < 0) {
    throw new TypeError(`tokenCacheSize must be a non-negative integer, received ${JSON.stringify(cacheSize)}`);
  }

  let algorithms: readonly string[];
  let getKey: () => Promise<JWTVerifyGetKey>;
  // Private: production's key set, to tell whether it is fresh and whether it changed.
  let remoteSet: ReturnType<typeof createRemoteJWKSet> | undefined;
  if (options.mode === 'production') {
    const jwksUrl = normalizeJwksUrl(options.jwksUrl);
    algorithms = normalizeAlgorithms(options.algorithms ?? DEFAULT_PRODUCTION_ALGORITHMS);
    const timeoutDuration = options.jwksTimeoutMs ?? 5000;
    if (!Number.isInteger(timeoutDuration) || timeoutDuration <= 0) {
      throw new TypeError(`jwksTimeoutMs must be a positive integer, received ${JSON.stringify(timeoutDuration)}`);
    }
    const cacheMaxAge = options.jwksMaxAgeMs ?? 600_000;
    if (!Number.isInteger(cacheMaxAge) || cacheMaxAge <= 0) {
      throw new TypeError(`jwksMaxAgeMs must be a positive integer, received ${JSON.stringify(cacheMaxAge)}`);
    }
    const remote = createRemoteJWKSet(jwksUrl, { timeoutDuration, cacheMaxAge });
    remoteSet = remote;
    getKey = async () => remote;
  } else if (options.mode === 'development') {
    if (options.keys === undefined && (typeof options.dataDir !== 'string' || options.dataDir === '')) {
      throw new TypeError(`development mode needs keys or a dataDir, received dataDir ${JSON.stringify(options.dataDir)}`);
    }
    algorithms = [DEV_ALGORITHM];
    let local: Promise<JWTVerifyGetKey> | undefined;
    const given = options.keys;
    const dataDir = options.dataDir as string;
    getKey = () =>
      (local ??= (given ? Promise.resolve(given) : loadDevKeyPair({ dataDir })).then(
        (keys) => createLocalJWKSet({ keys: [keys.publicJwk] }),
        (error: unknown) => {
          // A failed load (say, an unwritable dataDir) is retried on the next request.
          local = undefined;
          throw error;
        },
      ));
  } else {
    throw new TypeError(`mode must be "production" or "development", received ${JSON.stringify((options as { mode?: unknown }).mode)}`);
  }

  const remembered = cacheSize > 0 ? new LRUCache<string, { principal: Principal; expiresAt: number; keySet: number }>({ max: cacheSize }) : undefined;
  // Private: production's key set changes only while a token is verified against it (jose
  // fetches it again when it is stale or lacks a token's key), so it is compared before and
  // after each verification; a change forgets every remembered token.
  let keySetJson: string | undefined;
  let keySetGeneration = 0;
  const noteKeySet = (): number => {
    const jwks = remoteSet?.jwks();
    // Nothing fetched yet: no token can have been remembered against it.
    if (jwks === undefined) return keySetGeneration;
    const current = JSON.stringify(jwks);
    if (keySetJson !== undefined && current !== keySetJson) {
      keySetGeneration += 1;
      remembered?.clear();
    }
    keySetJson = current;
    return keySetGeneration;
  };

  async function verify(token: string): Promise<Principal> {
    if (typeof token !== 'string' || token === '') throw unauthenticated('the bearer token is empty');
    if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
    const hit = remembered?.get(token);
    if (hit) {
      if (now().getTime() < hit.expiresAt && hit.keySet === keySetGeneration && (!remoteSet || remoteSet.fresh)) return hit.principal;
      // Expired, verified with another key set, or the key set is due to be fetched again:
      // verified again from the start.
      remembered!.delete(token);
    }
    const before = noteKeySet();
    let verified: { principal: Principal; expiresAt: number };
    try {
      verified = await verifyAgainstKeys(token);
    } finally {
      noteKeySet();
    }
    // Remembered only when the key set stayed the same throughout.
    if (remembered && keySetGeneration === before) remembered.set(token, { ...verified, keySet: before });
    return verified.principal;
  }

  async function verifyAgainstKeys(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    const keySet = await getKey();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer,
        audience,
        algorithms: [...algorithms],
        requiredClaims: ['exp', 'sub'],
        clockTolerance,
        currentDate: now(),
      }));
    } catch (error) {
      throw describeJoseError(error, token, algorithms, options.mode);
    }
    // jose checks `iat` only against a maximum age; a token issued in the future is refused
    // as jose refuses a future `nbf`, beyond the same clock tolerance.
    if (typeof payload.iat === 'number' && payload.iat > now().getTime() / 1000 + clockTolerance) {
      throw unauthenticated('the token was issued in the future ("iat" is ahead of the hub\'s clock)');
    }
    // Remembered until `exp` (`requiredClaims` makes it present), shared by every request carrying the token.
    return { principal: freezePrincipal(principalFromClaims(payload)), expiresAt: (payload.exp as number) * 1000 };
  }

  return {
    mode: options.mode,
    verify,
    async authenticate(authorization) {
      if (authorization === null || authorization === undefined || authorization.trim() === '') return ANONYMOUS;
      const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization);
      if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
      return verify(match[1] as string);
    },
  };
}

// Private: a remembered principal is shared by the requests carrying its token, so none may change it.
function freezePrincipal(principal: Principal): Principal {
  for (const value of Object.values(principal)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(principal);
}

function unauthenticated(reason: string, cause?: unknown): GovernanceError {
  return new GovernanceError(`invalid token: ${reason}`, 'UNAUTHENTICATED', cause === undefined ? {} : { cause });
}

// Private: one clear, secret-free sentence per jose failure. Values quoted come from the
// token the client sent, never from the key set or the configuration.
function describeJoseError(error: unknown, token: string, algorithms: readonly string[], mode: IdentityVerifier['mode']): GovernanceError {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return unauthenticated('the token has expired', error);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as { claim?: string }).claim;
      const reason = (error as { reason?: string }).reason;
      if (reason === 'missing') return unauthenticated(`the token has no "${claim}" claim`, error);
      if (claim === 'iss') return unauthenticated('the token was not issued by the accepted issuer ("iss" mismatch)', error);
      if (claim === 'aud') return unauthenticated('the token is not meant for this hub ("aud" mismatch)', error);
      if (claim === 'nbf') return unauthenticated('the token is not valid yet ("nbf" is in the future)', error);
      return unauthenticated(`claim "${claim}" failed validation`, error);
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return unauthenticated('the token signature does not verify', error);
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return unauthenticated(`algorithm ${JSON.stringify(headerAlg(token))} is not accepted (accepted: ${algorithms.join(', ')})`, error);
    case 'ERR_JWKS_NO_MATCHING_KEY':
      // The usual cause in development is a token minted by a hub with another data
      // directory (each holds its own key pair): say so rather than name the header fields.
      return unauthenticated(
        mode === 'development'
          ? 'the token was signed by another key (one of another data directory, or of an identity provider), not by this hub\'s development key: mint one with "cityhub token <persona>" using this hub\'s data directory'
          : 'the token was signed by another key (another identity provider, or a key this one no longer publishes): no key of the identity provider matches its "kid"/"alg"',
        error,
      );
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return unauthenticated('no key of the identity provider matches the token ("kid"/"alg")', error);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return unauthenticated('the token is malformed (expected a signed compact JWT with a JSON claims set)', error);
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return unauthenticated('the identity provider key set could not be loaded', error);
    default:
      return unauthenticated('the token could not be verified', error);
  }
}

function headerAlg(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined;
  }
}

function nonEmptyString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${option} must be a non-empty string, received ${JSON.stringify(value)}`);
  return value;
}

function normalizeJwksUrl(value: unknown): URL {
  return identityProviderUrl(value, 'jwksUrl');
}

/**
 * An identity provider's URL (its JWKS, its issuer) as the hub accepts one: absolute, and
 * `https:`, or `http:` on a loopback host only. Throws a `TypeError` naming `name` otherwise.
 */
export function identityProviderUrl(value: unknown, name: string): URL {
  let url: URL;
  try {
    url = new URL(value as string | URL);
  } catch {
    throw new TypeError(`${name} must be an absolute URL, received ${JSON.stringify(String(value))}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TypeError(`${name} must use https: (http: only on a loopback host), received ${JSON.stringify(url.toString())}`);
  }
  return url;
}

function normalizeAlgorithms(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`algorithms must be a non-empty array, received ${JSON.stringify(value)}`);
  }
  for (const alg of value) {
    if (!ASYMMETRIC_ALGORITHMS.includes(alg)) {
      throw new TypeError(`algorithms may hold only asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}), received ${JSON.stringify(alg)}`);
    }
  }
  return [...value];
}
