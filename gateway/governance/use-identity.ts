import type { Plugin } from 'graphql-yoga';
import { PURPOSE_HEADER, resolvePurpose, type IdentityVerifier, type Principal } from '../../governance/index.ts';
import { isGatewayError } from '../../schema/index.ts';

/** Who asks and for what purpose, once the request's token and purpose header are checked. */
export interface RequestIdentity {
  readonly principal: Principal;
  readonly purpose: string | null;
}

/** A request refused before execution: why, and who asked when the token itself was valid. */
export interface RequestDenial {
  /** The verified principal when the purpose was refused (HTTP 403); absent for a bad token (401). */
  readonly principal?: Principal;
  /** The HTTP status of the refusal (401 or 403). */
  readonly status: number;
  /** The refusal's `extensions.code` (`UNAUTHENTICATED` or `FORBIDDEN`). */
  readonly code: string;
}

/** Options of {@link useIdentity}. */
export interface IdentityOptions {
  readonly verifier: IdentityVerifier;
  /** The GraphQL endpoint whose requests need an identity. @default '/graphql' */
  readonly graphqlPath?: string;
  /** Receives each request's identity; the governance plugin reads it back by request. */
  readonly identities: WeakMap<Request, RequestIdentity>;
  /** Receives each refused request's {@link RequestDenial}, so the audit can record it. @default not recorded */
  readonly denials?: WeakMap<Request, RequestDenial>;
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
      let principal: Principal | undefined;
      try {
        principal = await options.verifier.authenticate(request.headers.get('authorization'));
        const purpose = resolvePurpose(principal, request.headers.get(PURPOSE_HEADER));
        options.identities.set(request, { principal, purpose });
      } catch (error) {
        if (!isGatewayError(error)) throw error;
        const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 401;
        const { http: _http, ...extensions } = error.extensions;
        options.denials?.set(request, { ...(principal ? { principal } : {}), status, code: String(extensions.code) });
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
        if (status === 401) headers['www-authenticate'] = `Bearer error="invalid_token", error_description=${JSON.stringify(error.message.replace(/"/g, "'"))}`;
        endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), { status, headers }));
      }
    },
  };
}
