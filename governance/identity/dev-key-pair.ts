import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/** The algorithm development tokens are signed with. */
export const DEV_ALGORITHM = 'ES256';

/**
 * The key pair development mode signs and verifies tokens with.
 *
 * Never used in production, where tokens come from the city's identity provider and are
 * verified against its JWKS.
 */
export interface DevKeyPair {
  readonly alg: typeof DEV_ALGORITHM;
  /** The key id (the public key's JWK thumbprint), set as `kid` on minted tokens. */
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public key as a JWK (with `kid`, `alg` and `use`), ready to publish in a JWKS. */
  readonly publicJwk: JWK;
}

/** Options of {@link loadDevKeyPair}. */
export interface LoadDevKeyPairOptions {
  /** Directory the key files live in (`identity/dev-*.jwk.json` below it); created if missing. */
  readonly dataDir: string;
}

/** The key files below a data directory. */
export function devKeyPaths(dataDir: string): { readonly privateKey: string; readonly publicKey: string } {
  return {
    privateKey: join(dataDir, 'identity', 'dev-private.jwk.json'),
    publicKey: join(dataDir, 'identity', 'dev-public.jwk.json'),
  };
}

/**
 * Generates a fresh development key pair in memory (tests, throwaway gateways).
 *
 * ```ts
 * const keys = await generateDevKeyPair();
 * ```
 */
export async function generateDevKeyPair(): Promise<DevKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { alg: DEV_ALGORITHM, kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: DEV_ALGORITHM, use: 'sig' } };
}

/**
 * Loads the development key pair persisted under `dataDir`, generating and persisting one
 * (private key file mode `0600`) on first use, so tokens minted by `cityhub token` keep
 * verifying across gateway restarts.
 *
 * Throws a `TypeError` naming `dataDir` when it is not a non-empty string.
 *
 * ```ts
 * const keys = await loadDevKeyPair({ dataDir: 'data' });
 * ```
 */
export async function loadDevKeyPair(options: LoadDevKeyPairOptions): Promise<DevKeyPair> {
  if (typeof options?.dataDir !== 'string' || options.dataDir === '') {
    throw new TypeError(`dataDir must be a non-empty directory path, received ${JSON.stringify(options?.dataDir)}`);
  }
  const paths = devKeyPaths(options.dataDir);
  const existing = await readJwk(paths.privateKey);
  if (existing) {
    const { d: _secret, ...publicJwk } = existing;
    const privateKey = (await importJWK(existing, DEV_ALGORITHM, { extractable: true })) as CryptoKey;
    const publicKey = (await importJWK(publicJwk, DEV_ALGORITHM, { extractable: true })) as CryptoKey;
    const kid = await calculateJwkThumbprint(publicJwk);
    return { alg: DEV_ALGORITHM, kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: DEV_ALGORITHM, use: 'sig' } };
  }
  const keys = await generateDevKeyPair();
  const privateJwk = await exportJWK(keys.privateKey);
  await mkdir(join(options.dataDir, 'identity'), { recursive: true });
  // `wx` refuses to overwrite a key another process wrote meanwhile; then that key wins.
  try {
    await writeFile(paths.privateKey, JSON.stringify(privateJwk, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadDevKeyPair(options);
    throw error;
  }
  await writeFile(paths.publicKey, JSON.stringify(keys.publicJwk, null, 2));
  return keys;
}

async function readJwk(path: string): Promise<JWK | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
