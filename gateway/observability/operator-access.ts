import { timingSafeEqual } from 'node:crypto';
import { GovernanceError } from '../../schema/index.ts';
import type { IdentityVerifier } from '../../governance/index.ts';
import { PLATFORM_ADMIN_ROLE } from '../connectors-admin/registry-roles.ts';

/** Options of {@link isOperatorRequest}. */
export interface OperatorAccessOptions {
  /** `CITYHUB_METRICS_TOKEN`: its bearer is an operator. @default none */
  readonly metricsToken?: string;
  /** Verifies the hub's tokens: a valid one of a `platform-admin` is an operator. @default none */
  readonly verifier?: IdentityVerifier;
}

/**
 * Whether a request comes from the hub's operator, who may read the detailed `/readyz`:
 * it sends `Authorization: Bearer <CITYHUB_METRICS_TOKEN>` (what the monitoring system
 * already holds), or a valid token of a principal with the `platform-admin` role. An invalid
 * or expired token is simply not an operator's (the public answer is served).
 *
 * ```ts
 * await isOperatorRequest(request, { metricsToken: 'ops-token', verifier });
 * ```
 */
export async function isOperatorRequest(request: Request, options: OperatorAccessOptions): Promise<boolean> {
  const authorization = request.headers.get('authorization');
  if (!authorization) return false;
  if (options.metricsToken !== undefined && isBearer(authorization, options.metricsToken)) return true;
  if (!options.verifier) return false;
  try {
    const principal = await options.verifier.authenticate(authorization);
    return principal.roles.includes(PLATFORM_ADMIN_ROLE);
  } catch (error) {
    if (error instanceof GovernanceError) return false;
    throw error;
  }
}

/**
 * Whether an `Authorization` header carries exactly `Bearer <token>`, compared in constant
 * time so the answer's timing does not tell how much of a guess was right.
 *
 * ```ts
 * isBearer('Bearer s3cret', 's3cret'); // true
 * ```
 */
export function isBearer(authorization: string | null, token: string): boolean {
  if (authorization === null) return false;
  const sent = Buffer.from(authorization);
  const expected = Buffer.from(`Bearer ${token}`);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
