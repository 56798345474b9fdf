import type { IdentityVerifierOptions } from '../../governance/index.ts';
import { hubDatabaseUrl } from '../hub-database-url.ts';

/** How the gateway verifies identities and where it keeps agreements, resolved from the environment. */
export interface GovernanceConfig {
  /** The identity verifier's options (development keys under the data dir, or a JWKS in production). */
  readonly identity: IdentityVerifierOptions;
  /** The hub's one store, agreements and audit log alike: `sqlite:<dataDir>/cityhub.sqlite`, or `CITYHUB_DATABASE_URL` (see `hubDatabaseUrl`). */
  readonly databaseUrl: string;
}

/** The issuer of development tokens unless `CITYHUB_JWT_ISSUER` says otherwise. */
export const DEFAULT_DEV_ISSUER = 'cityhub-dev';
/** The audience of tokens unless `CITYHUB_JWT_AUDIENCE` says otherwise (development only). */
export const DEFAULT_AUDIENCE = 'cityhub';

/**
 * Resolves the governance settings from environment variables:
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `CITYHUB_JWKS_URL` | production mode: verify tokens against this JWKS | unset: development mode, ES256 key pair under `<dataDir>/identity/` |
 * | `CITYHUB_JWT_ISSUER` | the `iss` tokens must carry | `cityhub-dev` (required in production) |
 * | `CITYHUB_JWT_AUDIENCE` | the `aud` tokens must carry | `cityhub` (required in production) |
 * | `CITYHUB_DATABASE_URL` | `postgres://…` to keep the hub's store (agreements, audit log) in PostgreSQL | `sqlite:<dataDir>/cityhub.sqlite` |
 *
 * Throws a `TypeError` naming the variable when production mode lacks an issuer or audience.
 *
 * ```ts
 * const governance = resolveGovernanceConfig(process.env, config.dataDir);
 * ```
 */
export function resolveGovernanceConfig(env: Readonly<Record<string, string | undefined>>, dataDir: string): GovernanceConfig {
  if (typeof dataDir !== 'string' || dataDir === '') throw new TypeError(`dataDir must be a non-empty path, received ${JSON.stringify(dataDir)}`);
  const jwksUrl = env.CITYHUB_JWKS_URL?.trim();
  const issuer = env.CITYHUB_JWT_ISSUER?.trim();
  const audience = env.CITYHUB_JWT_AUDIENCE?.trim();
  const databaseUrl = hubDatabaseUrl({ dataDir, databaseUrl: env.CITYHUB_DATABASE_URL });
  if (jwksUrl) {
    if (!issuer) throw new TypeError(`CITYHUB_JWT_ISSUER must be set when CITYHUB_JWKS_URL is (production mode), received ${JSON.stringify(env.CITYHUB_JWT_ISSUER)}`);
    if (!audience) throw new TypeError(`CITYHUB_JWT_AUDIENCE must be set when CITYHUB_JWKS_URL is (production mode), received ${JSON.stringify(env.CITYHUB_JWT_AUDIENCE)}`);
    return { identity: { mode: 'production', jwksUrl, issuer, audience }, databaseUrl };
  }
  return {
    identity: { mode: 'development', dataDir, issuer: issuer || DEFAULT_DEV_ISSUER, audience: audience || DEFAULT_AUDIENCE },
    databaseUrl,
  };
}
