import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';

/** The algorithm the hub signs its calls to department-hosted connectors with (Ed25519). */
export const REMOTE_CALL_ALGORITHM = 'EdDSA';

/** The `iss` (and `sub`) of the hub's call tokens; a department-hosted connector accepts no other issuer. */
export const REMOTE_CALL_ISSUER = 'cityhub-gateway';

/** How long one call token lives, in seconds: long enough for clock skew, short enough to be useless when copied. */
export const DEFAULT_REMOTE_CALL_LIFETIME_SECONDS = 60;

/** Where the hub keeps its call-signing key below its data directory. */
export function remoteCallKeyPaths(dataDir: string): { readonly privateKey: string; readonly jwks: string } {
  return {
    // The private key never leaves the hub's data directory (file mode 0600).
    privateKey: join(dataDir, 'identity', 'hub-call-private.jwk.json'),
    // The public keys, as a JWKS a department copies beside its connector (`serve-connector --hub-jwks`).
    jwks: join(dataDir, 'hub-jwks.json'),
  };
}

/** The hub's call-signing key pair. */
export interface RemoteCallKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** The public half as a JWKS (one key, with `kid`, `alg` and `use`). */
  readonly jwks: JSONWebKeySet;
}

/**
 * Loads the hub's call-signing key from `<dataDir>/identity/hub-call-private.jwk.json`,
 * generating it on first use, and (re)writes its public JWKS to `<dataDir>/hub-jwks.json`,
 * the file a department hands to `cityhub serve-connector --hub-jwks`. Replicas of one hub
 * share the private key file (or the department's JWKS lists each replica's key).
 *
 * ```ts
 * const { jwks } = await loadRemoteCallKey({ dataDir: './data' });
 * ```
 */
export async function loadRemoteCallKey(options: { readonly dataDir: string }): Promise<RemoteCallKey> {
  if (typeof options?.dataDir !== 'string' || options.dataDir === '') {
    throw new TypeError(`dataDir must be a non-empty directory path, received ${JSON.stringify(options?.dataDir)}`);
  }
  const paths = remoteCallKeyPaths(options.dataDir);
  let privateJwk = await readJson<JWK>(paths.privateKey);
  if (!privateJwk) {
    const generated = await generateKeyPair(REMOTE_CALL_ALGORITHM, { crv: 'Ed25519', extractable: true });
    await mkdir(dirname(paths.privateKey), { recursive: true });
    try {
      // `wx` refuses to overwrite a key another process wrote meanwhile; then that key wins.
      await writeFile(paths.privateKey, JSON.stringify(await exportJWK(generated.privateKey), null, 2), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    privateJwk = (await readJson<JWK>(paths.privateKey))!;
  }
  const { d: _secret, ...publicJwk } = privateJwk;
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg: REMOTE_CALL_ALGORITHM, use: 'sig' }] };
  await writeFile(paths.jwks, `${JSON.stringify(jwks, null, 2)}\n`);
  const privateKey = (await importJWK(privateJwk, REMOTE_CALL_ALGORITHM)) as CryptoKey;
  return { kid, privateKey, jwks };
}

/** Signs the hub's calls to department-hosted connectors. */
export interface RemoteCallSigner {
  /** A fresh token for one call to `connectorId` (its `aud`), valid for the signer's lifetime. */
  sign(connectorId: string): Promise<string>;
}

/** Options of {@link createRemoteCallSigner}. */
export interface RemoteCallSignerOptions {
  /** The hub's data directory, where its call-signing key lives (see {@link loadRemoteCallKey}). */
  readonly dataDir: string;
  /** Lifetime of each token, in seconds. @default DEFAULT_REMOTE_CALL_LIFETIME_SECONDS (60) */
  readonly lifetimeSeconds?: number;
}

/**
 * Creates the signer the gateway's remote connectors put a short-lived JWT on every call
 * with: `iss`/`sub` {@link REMOTE_CALL_ISSUER}, `aud` the connector id, `iat`, `exp` and a
 * `jti`, signed with the hub's key. The key is loaded on the first call, so a hub without
 * department-hosted connectors never touches it.
 *
 * ```ts
 * const signer = createRemoteCallSigner({ dataDir: './data' });
 * const token = await signer.sign('elderly-registry');
 * ```
 */
export function createRemoteCallSigner(options: RemoteCallSignerOptions): RemoteCallSigner {
  const lifetime = options.lifetimeSeconds ?? DEFAULT_REMOTE_CALL_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime <= 0) throw new TypeError(`lifetimeSeconds must be a positive integer, received ${JSON.stringify(lifetime)}`);
  let key: Promise<RemoteCallKey> | undefined;
  return {
    async sign(connectorId) {
      key ??= loadRemoteCallKey({ dataDir: options.dataDir }).catch((error: unknown) => {
        // A failed load is retried on the next call rather than remembered.
        key = undefined;
        throw error;
      });
      const { kid, privateKey } = await key;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: REMOTE_CALL_ALGORITHM, kid, typ: 'JWT' })
        .setIssuer(REMOTE_CALL_ISSUER)
        .setSubject(REMOTE_CALL_ISSUER)
        .setAudience(connectorId)
        .setIssuedAt(now)
        .setExpirationTime(now + lifetime)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TypeError(`${path} is not a readable JSON key file: ${(error as Error).message}`);
  }
}
