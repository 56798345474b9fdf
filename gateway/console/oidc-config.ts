import { identityProviderUrl, type IdentityVerifierOptions } from '../../governance/index.ts';

/** Where the console reads how to sign in (`GET`, public: it holds no secret). */
export const CONSOLE_CONFIG_PATH = '/console/config';

/**
 * The console's OpenID Connect login: the authorization-code flow with PKCE, in the browser,
 * as a public client (no secret). The console sends the provider's **ID token** to the hub,
 * so it must carry the hub's claims (`department`, `roles`, `jurisdictions`, `purposes`, and
 * `name`), its `iss` is the issuer and its `aud` the client id.
 */
export interface ConsoleOidcConfig {
  /** `CITYHUB_OIDC_ISSUER`: the provider's issuer; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** `CITYHUB_OIDC_CLIENT_ID`: the console's client at the provider, with `<hub>/console/callback` as its redirect URI. */
  readonly clientId: string;
  /** `CITYHUB_OIDC_SCOPES`: the scopes asked, `openid` among them. @default ['openid'] */
  readonly scopes: readonly string[];
}

/** What `GET /console/config` answers. */
export interface ConsoleConfigBody {
  /** Whether `/console/dev-tokens` mints the personas' tokens (the development key). */
  readonly development: boolean;
  readonly oidc: ConsoleOidcConfig | null;
}

/** Where the provider sends the browser back, under the console (it serves `index.html` there). */
export const CONSOLE_CALLBACK_PATH = '/console/callback';

/**
 * The console's OpenID Connect settings from the environment, or `undefined` when
 * `CITYHUB_OIDC_ISSUER` is unset (the console then takes a pasted token, or in development
 * the persona picker). Checked at start, each `TypeError` naming the variable:
 * `CITYHUB_OIDC_ISSUER` must be an `https:` URL (`http:` on a loopback host only) and equal
 * `CITYHUB_JWT_ISSUER`, since the hub verifies the provider's ID tokens against
 * `CITYHUB_JWKS_URL` (which must be set); `CITYHUB_OIDC_CLIENT_ID` is required and must equal
 * `CITYHUB_JWT_AUDIENCE` (an ID token's `aud` is the client); `CITYHUB_OIDC_SCOPES`
 * (space-separated) must hold `openid`.
 *
 * ```ts
 * const oidc = resolveConsoleOidc(process.env, resolveGovernanceConfig(process.env, dataDir).identity);
 * ```
 */
export function resolveConsoleOidc(env: Readonly<Record<string, string | undefined>>, identity: IdentityVerifierOptions): ConsoleOidcConfig | undefined {
  const issuer = env.CITYHUB_OIDC_ISSUER?.trim();
  const clientId = env.CITYHUB_OIDC_CLIENT_ID?.trim();
  const scopes = env.CITYHUB_OIDC_SCOPES?.trim();
  if (!issuer) {
    const stray = clientId ? 'CITYHUB_OIDC_CLIENT_ID' : scopes ? 'CITYHUB_OIDC_SCOPES' : undefined;
    if (stray) throw new TypeError(`${stray} is set but CITYHUB_OIDC_ISSUER is not: set the identity provider's issuer for the console's OpenID Connect login, or unset ${stray}`);
    return undefined;
  }
  const url = identityProviderUrl(issuer, 'CITYHUB_OIDC_ISSUER');
  if (url.search || url.hash) throw new TypeError(`CITYHUB_OIDC_ISSUER must have no query or fragment, received ${JSON.stringify(issuer)}`);
  if (identity.mode !== 'production') {
    throw new TypeError('CITYHUB_OIDC_ISSUER needs CITYHUB_JWKS_URL: the hub verifies the identity provider\'s tokens against its JWKS (unset, it only accepts its development key\'s)');
  }
  if (issuer !== identity.issuer) {
    throw new TypeError(`CITYHUB_OIDC_ISSUER (${JSON.stringify(issuer)}) must equal CITYHUB_JWT_ISSUER (${JSON.stringify(identity.issuer)}): the provider's ID tokens carry it as "iss"`);
  }
  if (!clientId) throw new TypeError(`CITYHUB_OIDC_CLIENT_ID must be set with CITYHUB_OIDC_ISSUER (the console's client id at the identity provider), received ${JSON.stringify(env.CITYHUB_OIDC_CLIENT_ID)}`);
  if (clientId !== identity.audience) {
    throw new TypeError(`CITYHUB_OIDC_CLIENT_ID (${JSON.stringify(clientId)}) must equal CITYHUB_JWT_AUDIENCE (${JSON.stringify(identity.audience)}): the console sends the provider's ID token, whose "aud" is the client`);
  }
  const scopeList = scopes ? scopes.split(/\s+/) : ['openid'];
  const bad = scopeList.find((scope) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope));
  if (bad !== undefined) throw new TypeError(`CITYHUB_OIDC_SCOPES must be space-separated scope names, received ${JSON.stringify(bad)} in ${JSON.stringify(scopes)}`);
  if (!scopeList.includes('openid')) throw new TypeError(`CITYHUB_OIDC_SCOPES must include "openid" (an OpenID Connect login), received ${JSON.stringify(scopes)}`);
  return { issuer, clientId, scopes: [...new Set(scopeList)] };
}
