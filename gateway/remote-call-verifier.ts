import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { REMOTE_CALL_ALGORITHM, REMOTE_CALL_ISSUER } from './remote-call-signer.ts';

/** The longest token lifetime (`exp` − `iat`) a department-hosted connector accepts, in seconds. */
export const MAX_REMOTE_CALL_LIFETIME_SECONDS = 300;

/** Why a call to a department-hosted connector was refused (HTTP 401). */
export class RemoteCallRefusedError extends Error {
  override readonly name = 'RemoteCallRefusedError';
}

/** Checks that a call to a department-hosted connector comes from the hub. */
export interface RemoteCallVerifier {
  /** Resolves when `authorization` is `Bearer <a valid hub token for this connector>`; rejects with a {@link RemoteCallRefusedError} otherwise. */
  verify(authorization: string | undefined): Promise<void>;
}

/** Options of {@link createRemoteCallVerifier}. */
export interface RemoteCallVerifierOptions {
  /** The connector served: every token's `aud` must be its id. */
  readonly connectorId: string;
  /** The hub's public keys (its `hub-jwks.json`). */
  readonly jwks: JSONWebKeySet;
  /** Clock skew tolerated on `iat`/`exp`, in seconds. @default 5 */
  readonly clockToleranceSeconds?: number;
}

/**
 * Creates the check a department-hosted connector runs before anything else on each call: a
 * JWT signed by the hub (`EdDSA`, a key of its JWKS), issuer {@link REMOTE_CALL_ISSUER},
 * audience the connector id, not expired, and issued for at most
 * {@link MAX_REMOTE_CALL_LIFETIME_SECONDS}.
 *
 * ```ts
 * const verifier = createRemoteCallVerifier({ connectorId: 'elderly-registry', jwks: await readHubJwks('hub-jwks.json') });
 * await verifier.verify(request.headers.authorization);
 * ```
 */
export function createRemoteCallVerifier(options: RemoteCallVerifierOptions): RemoteCallVerifier {
  const keys = createLocalJWKSet(checkJwks(options.jwks, 'jwks'));
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  return {
    async verify(authorization) {
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '');
      if (!match) throw new RemoteCallRefusedError('the call carries no hub token (Authorization: Bearer <JWT>)');
      try {
        const { payload } = await jwtVerify(match[1]!, keys, {
          algorithms: [REMOTE_CALL_ALGORITHM],
          issuer: REMOTE_CALL_ISSUER,
          audience: options.connectorId,
          clockTolerance,
          requiredClaims: ['iat', 'exp'],
        });
        if (payload.exp! - payload.iat! > MAX_REMOTE_CALL_LIFETIME_SECONDS) {
          throw new RemoteCallRefusedError(`the hub token lives ${payload.exp! - payload.iat!} s, more than ${MAX_REMOTE_CALL_LIFETIME_SECONDS} s`);
        }
      } catch (error) {
        if (error instanceof RemoteCallRefusedError) throw error;
        if (error instanceof errors.JOSEError) throw new RemoteCallRefusedError(`the hub token is not valid for this connector (${error.code})`);
        throw error;
      }
    },
  };
}

/**
 * Reads the hub's public keys from a JWKS file (the hub writes `<its data dir>/hub-jwks.json`),
 * throwing a `TypeError` naming the file when it is missing or not a JWKS.
 */
export async function readHubJwks(file: string): Promise<JSONWebKeySet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TypeError(`cannot read the hub's JWKS at ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); copy the hub's <data dir>/hub-jwks.json there`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TypeError(`the hub's JWKS at ${file} is not JSON`);
  }
  return checkJwks(parsed, file);
}

// Private: a JWKS with at least one key, or a TypeError naming where it came from.
function checkJwks(value: unknown, where: string): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((key) => typeof key !== 'object' || key === null || 'd' in key)) {
    throw new TypeError(`${where} must be a JWKS ({ "keys": [...] }) of public keys, received ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value as JSONWebKeySet;
}
