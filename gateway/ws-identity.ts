import { PURPOSE_HEADER, resolvePurpose, type IdentityVerifier, type Principal } from '../governance/index.ts';
import { GovernanceError } from '../schema/index.ts';
import type { RequestIdentity } from './governance/use-identity.ts';

/**
 * Verifies the identity a WebSocket client declares in its `connectionParams` (the
 * `connection_init` payload of graphql-ws), by the same rules as `useIdentity` applies to
 * HTTP headers: `authorization` (`Bearer <JWT>`, or absent for the anonymous principal)
 * through the verifier, then `x-cityhub-purpose` against the token's purposes. Header names
 * are matched without regard to case.
 *
 * Throws the verifier's `GovernanceError` (`UNAUTHENTICATED` for a bad, expired or foreign
 * token, `FORBIDDEN` for a purpose the token does not allow), or a `GovernanceError`
 * (`BAD_USER_INPUT`) naming the parameter when a value is not a string.
 *
 * ```ts
 * const identity = await authenticateConnection(verifier, { authorization: `Bearer ${token}`, 'x-cityhub-purpose': 'city-operations' });
 * ```
 */
export async function authenticateConnection(
  verifier: IdentityVerifier,
  connectionParams: Readonly<Record<string, unknown>> | undefined,
): Promise<RequestIdentity> {
  const authorization = param(connectionParams, 'authorization');
  const purpose = param(connectionParams, PURPOSE_HEADER);
  const principal = await verifier.authenticate(authorization);
  try {
    return { principal, purpose: resolvePurpose(principal, purpose) };
  } catch (error) {
    if (typeof error === 'object' && error !== null) refusedPrincipals.set(error, principal);
    throw error;
  }
}

const refusedPrincipals = new WeakMap<object, Principal>();

/**
 * The verified principal behind a refusal thrown by {@link authenticateConnection}: set when
 * the token was valid but the purpose was not (`FORBIDDEN`), so the refusal can be logged
 * with who asked; `undefined` for a bad token or anything else.
 *
 * ```ts
 * try { await authenticateConnection(verifier, params); } catch (error) { refusedPrincipalOf(error)?.subject; }
 * ```
 */
export function refusedPrincipalOf(error: unknown): Principal | undefined {
  return typeof error === 'object' && error !== null ? refusedPrincipals.get(error) : undefined;
}

// Private: one string parameter, by case-insensitive name; `undefined` when absent.
function param(params: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  if (params === undefined) return undefined;
  const key = Object.keys(params).find((candidate) => candidate.toLowerCase() === name);
  if (key === undefined) return undefined;
  const value = params[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new GovernanceError(`connectionParams.${key} must be a string, received ${typeof value}`, 'BAD_USER_INPUT', { extensions: { parameter: key } });
  }
  return value;
}
