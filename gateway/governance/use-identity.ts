import type { Plugin } from 'graphql-yoga';
import { PURPOSE_HEADER, resolvePurpose, type IdentityVerifier, type Principal } from '../../governance/index.ts';
import { isGatewayError } from '../../schema/index.ts';

/** Who asks and for what purpose, once the request's token and purpose header are checked. */
export interface RequestIdentity {
  readonly principal: Principal;
  readonly purpose: string | null;
}

/** Options of {@link useIdentity}. */
export interface IdentityOptions {
  readonly verifier: IdentityVerifier;
  /** The GraphQL endpoint whose requests need an identity. @default '/graphql' */
  readonly graphqlPath?: string;
  /** Receives each request's identity; the governance plugin reads it back by request. */
  readonly identities: WeakMap<Request, RequestIdentity>;
}

/**
 * Verifies every GraphQL request's identity before anything is parsed or executed
 * (`onRequest`): the `Authorization: Bearer <JWT>` header through the verifier, then the
 * declared purpose (`x-cityhub-purpose`) against the token's purposes.
 *
 * - no `Authorization` header: the anonymous principal (open data only);
 * - a bad, expired, wrong-issuer, wrong-audience or `alg: none` token, or another scheme:
 *   HTTP 401 with `WWW-Authenticate: Bearer error="invalid_token"` and a GraphQL error body
 *   (`UNAUTHENTICATED`) saying what was wrong; nothing executes;
 * - a missing or disallowed purpose: HTTP 403 (`FORBIDDEN`) listing the allowed purposes.
 *
 * ```ts
 * const identities = new WeakMap();
 * createYoga({ plugins: [useIdentity({ verifier, identities }), useGovernance({ identities, … })] });
 * ```
 */
export function useIdentity(options: IdentityOptions): Plugin {
  const path = options.graphqlPath ?? '/graphql';
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      try {
        const principal = await options.verifier.authenticate(request.headers.get('authorization'));
        const purpose = resolvePurpose(principal, request.headers.get(PURPOSE_HEADER));
        options.identities.set(request, { principal, purpose });
      } catch (error) {
        if (!isGatewayError(error)) throw error;
        const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 401;
        const { http: _http, ...extensions } = error.extensions;
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
        if (status === 401) headers['www-authenticate'] = `Bearer error="invalid_token", error_description=${JSON.stringify(error.message.replace(/"/g, "'"))}`;
        endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), { status, headers }));
      }
    },
  };
}
