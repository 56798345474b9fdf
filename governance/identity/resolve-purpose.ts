import { GovernanceError } from '../../schema/index.ts';
import { isGovernmentPrincipal, type Principal } from './principal.ts';
import { PURPOSE_HEADER, isPurpose } from './purpose.ts';

/**
 * The purpose a request declared in the {@link PURPOSE_HEADER} header, checked against the
 * purposes the principal's token allows.
 *
 * - A government principal must declare a purpose, and it must be one of
 *   `principal.purposes`; otherwise a `GovernanceError` with code `FORBIDDEN` names the
 *   purpose received and lists the allowed ones.
 * - A public principal (anonymous or without jurisdictions) may omit the header; it then
 *   reads with no purpose (`null`), which is all `open` data needs. If it declares one,
 *   the same check applies.
 *
 * ```ts
 * const purpose = resolvePurpose(principal, request.headers.get('x-cityhub-purpose'));
 * ```
 */
export function resolvePurpose(principal: Principal, headerValue: string | readonly string[] | null | undefined): string | null {
  const allowed = principal.purposes.length > 0 ? principal.purposes.map((p) => `"${p}"`).join(', ') : 'none';
  const values = headerValue === null || headerValue === undefined ? [] : typeof headerValue === 'string' ? [headerValue] : headerValue;
  const declared = values.map((value) => value.trim()).filter((value) => value !== '');
  if (declared.length === 0) {
    if (!isGovernmentPrincipal(principal)) return null;
    throw new GovernanceError(
      `a purpose is required: set the ${PURPOSE_HEADER} header to one of the purposes your token allows (${allowed})`,
      'FORBIDDEN',
      { extensions: { allowedPurposes: [...principal.purposes] } },
    );
  }
  if (declared.length > 1) {
    throw new GovernanceError(
      `exactly one purpose must be declared in ${PURPOSE_HEADER}, received ${declared.length}; allowed purposes: ${allowed}`,
      'FORBIDDEN',
      { extensions: { allowedPurposes: [...principal.purposes] } },
    );
  }
  const purpose = declared[0] as string;
  if (!isPurpose(purpose) || !principal.purposes.includes(purpose)) {
    throw new GovernanceError(
      `purpose ${JSON.stringify(purpose.slice(0, 80))} is not allowed by your token; allowed purposes: ${allowed}`,
      'FORBIDDEN',
      { extensions: { purpose: purpose.slice(0, 80), allowedPurposes: [...principal.purposes] } },
    );
  }
  return purpose;
}
