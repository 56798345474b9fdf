import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** The hub's claims an account of the test provider carries in its ID token (see `principalFromClaims`). */
export interface CityHubClaims {
  readonly name?: string;
  readonly department?: string;
  readonly roles?: readonly string[];
  readonly jurisdictions?: readonly string[];
  readonly purposes?: readonly string[];
}

/** A real OpenID Connect provider (panva's oidc-provider) on a loopback port. */
export interface TestOidcProvider {
  /** Its issuer, `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** Its JWKS, which the hub verifies the ID tokens against. */
  readonly jwksUrl: string;
  /** The console's client id. */
  readonly clientId: string;
  /** Registers the console's client with `<hubUrl>/console/callback` as its redirect URI; requests before it answer 503. */
  serve(hubUrl: string): void;
  /** How long the ID tokens it issues from now on last, in seconds. @default 3600 */
  idTokenTtlSeconds: number;
  close(): Promise<void>;
}

/** The scope that asks for the hub's claims. */
export const CITYHUB_SCOPE = 'cityhub';

/**
 * Starts oidc-provider with its development login pages (any password), one public client
 * (the console: authorization code with PKCE, no secret) and `accounts` by login name, whose
 * claims go into the ID token (`conformIdTokenClaims: false`) when the `cityhub` scope is asked.
 */
export async function startOidcProvider(accounts: Readonly<Record<string, CityHubClaims>>, clientId = 'cityhub-console'): Promise<TestOidcProvider> {
  let handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const server: Server = createServer((request, response) => {
    if (handler) return handler(request, response);
    response.writeHead(503).end('the test provider has no client yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-provider-1', alg: 'RS256', use: 'sig' };
  const provider: TestOidcProvider = {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    clientId,
    idTokenTtlSeconds: 3600,
    serve(hubUrl) {
      const oidc = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            token_endpoint_auth_method: 'none',
            application_type: 'web',
            grant_types: ['authorization_code'],
            response_types: ['code'],
            redirect_uris: [`${hubUrl}/console/callback`],
          },
        ],
        jwks: { keys: [jwk] },
        scopes: ['openid', CITYHUB_SCOPE],
        claims: { openid: ['sub'], [CITYHUB_SCOPE]: ['name', 'department', 'roles', 'jurisdictions', 'purposes'] },
        conformIdTokenClaims: false,
        ttl: { IdToken: () => provider.idTokenTtlSeconds },
        async findAccount(_ctx, id) {
          const claims = accounts[id];
          if (claims === undefined) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
        },
        // The development login page asks for any login and password; only known accounts get through.
        features: { devInteractions: { enabled: true } },
      });
      handler = oidc.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return provider;
}
