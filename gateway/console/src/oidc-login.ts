import * as oauth from 'oauth4webapi';

/** The console's OpenID Connect settings, as the hub lists them at `/console/config`. */
export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

/** Where the provider sends the browser back (the hub serves the console there). */
export const CALLBACK_PATH = '/console/callback';
const PENDING_KEY = 'cityhub.console.oidc';

/** Why a login failed, in words for the viewer; `error` is the provider's code when it refused. */
export class LoginError extends Error {
  constructor(
    message: string,
    readonly error?: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

// An http: issuer is accepted only on a loopback host (as the hub accepts its JWKS).
function requestOptions(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return issuer.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(settings: OidcSettings): Promise<{ as: oauth.AuthorizationServer; options: ReturnType<typeof requestOptions> }> {
  const issuer = new URL(settings.issuer);
  const options = requestOptions(issuer);
  try {
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...options }));
    return { as, options };
  } catch (error) {
    throw new LoginError(`the identity provider ${settings.issuer} could not be reached or described itself wrongly: ${(error as Error).message}`);
  }
}

function redirectUri(): string {
  return `${window.location.origin}${CALLBACK_PATH}`;
}

/**
 * Starts the login: a PKCE verifier, a state and a nonce kept for this tab only, then the
 * browser goes to the provider's authorization endpoint (its login page).
 */
export async function startLogin(settings: OidcSettings): Promise<void> {
  const { as } = await discover(settings);
  if (!as.authorization_endpoint) throw new LoginError(`the identity provider ${settings.issuer} lists no authorization_endpoint`);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ codeVerifier, state, nonce }));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', settings.scopes.join(' '));
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  window.location.assign(url.href);
}

/** Whether the page is the provider's redirect back to the console. */
export function isCallback(): boolean {
  return window.location.pathname === CALLBACK_PATH;
}

/**
 * Completes the login on the callback page: checks the state against this tab's, exchanges
 * the code with the PKCE verifier, validates the ID token (issuer, audience, nonce) and
 * answers it, the token the hub verifies. Throws a {@link LoginError} saying what went wrong:
 * the provider refused (`access_denied`…), the state does not match, the exchange failed.
 */
export async function completeLogin(settings: OidcSettings, callbackUrl: URL): Promise<string> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored) throw new LoginError('this sign-in was not started in this tab (no state was kept for it): start it again');
  const pending = JSON.parse(stored) as { codeVerifier: string; state: string; nonce: string };
  const { as, options } = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  let parameters: URLSearchParams;
  try {
    parameters = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new LoginError(`the identity provider refused the sign-in (${error.error}${error.error_description ? `: ${error.error_description}` : ''})`, error.error);
    }
    if (callbackUrl.searchParams.get('state') !== pending.state) throw new LoginError('the sign-in was refused: its state does not match the one this tab sent (a forged or replayed redirect)');
    throw new LoginError(`the identity provider's answer is not valid: ${(error as Error).message}`);
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), parameters, redirectUri(), pending.codeVerifier, options);
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
    return result.id_token!;
  } catch (error) {
    throw new LoginError(`the identity provider did not issue a token: ${(error as Error).message}`);
  }
}
