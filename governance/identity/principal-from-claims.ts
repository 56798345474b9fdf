import type { JWTPayload } from 'jose';
import { GovernanceError, isAdminCode } from '../../schema/index.ts';
import { ANONYMOUS_SUBJECT, RESIDENT_ROLE, type Principal } from './principal.ts';
import { isPurpose } from './purpose.ts';

/**
 * The claims CityHub reads from a token, beside the registered ones (`sub`, `iss`, `aud`,
 * `exp`): `department`, `roles`, `jurisdictions`, `purposes` and the optional `name`.
 */
export interface CityClaims {
  readonly sub: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly jurisdictions: readonly string[];
  readonly purposes: readonly string[];
  readonly name?: string;
  /** The person a resident's token is for (`Person.personId`); required with the `resident` role, refused without it. */
  readonly personId?: string;
}

/** The longest `personId` claim accepted. */
export const MAX_PERSON_ID_LENGTH = 128;

/**
 * Builds a {@link Principal} from a verified token's payload.
 *
 * Throws a `GovernanceError` with code `UNAUTHENTICATED` naming the claim when a claim is
 * missing or malformed: `sub` and `department` must be non-empty strings; `roles`,
 * `jurisdictions` and `purposes` arrays of strings; every jurisdiction an administrative
 * code; every purpose well formed. A token may not claim the anonymous subject.
 *
 * A resident's token (role `resident`) must name the person in `personId` (a non-empty
 * string of at most {@link MAX_PERSON_ID_LENGTH} characters without whitespace) and may carry
 * no other role and no jurisdiction; its `department` may be omitted. A `personId` claim on
 * any other token is refused, so that no government principal can pass for a resident.
 *
 * ```ts
 * const principal = principalFromClaims(payload);
 * ```
 */
export function principalFromClaims(payload: JWTPayload): Principal {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.trim() === '') throw malformed('sub', 'must be a non-empty string', sub);
  if (sub === ANONYMOUS_SUBJECT) throw malformed('sub', `may not be "${ANONYMOUS_SUBJECT}"`, sub);
  const roles = stringArray(payload, 'roles');
  const resident = roles.includes(RESIDENT_ROLE);
  const department = resident && payload.department === undefined ? '' : payload.department;
  if (typeof department !== 'string' || (department.trim() === '' && !resident)) {
    throw malformed('department', 'must be a non-empty string', department);
  }
  const jurisdictions = stringArray(payload, 'jurisdictions');
  for (const code of jurisdictions) {
    if (!isAdminCode(code)) throw malformed('jurisdictions', 'must hold administrative codes such as "310106"', code);
  }
  const purposes = stringArray(payload, 'purposes');
  for (const purpose of purposes) {
    if (!isPurpose(purpose)) throw malformed('purposes', 'must hold purposes such as "elderly-care"', purpose);
  }
  const name = payload.name;
  if (name !== undefined && typeof name !== 'string') throw malformed('name', 'must be a string when present', name);
  const personId = residentPersonId(payload, roles, jurisdictions);
  return {
    subject: sub,
    department,
    roles,
    jurisdictions,
    purposes,
    ...(name !== undefined ? { displayName: name } : {}),
    ...(personId !== undefined ? { personId } : {}),
  };
}

// Private: the `personId` of a resident's token, checked with the rest of what such a token may carry.
function residentPersonId(payload: JWTPayload, roles: readonly string[], jurisdictions: readonly string[]): string | undefined {
  const personId = payload.personId;
  if (!roles.includes(RESIDENT_ROLE)) {
    if (personId !== undefined) throw malformed('personId', `is only for tokens of the "${RESIDENT_ROLE}" role`, personId);
    return undefined;
  }
  if (typeof personId !== 'string' || personId === '' || personId.length > MAX_PERSON_ID_LENGTH || /\s/.test(personId)) {
    throw malformed('personId', `must name the person a "${RESIDENT_ROLE}" token is for (a personId of at most ${MAX_PERSON_ID_LENGTH} characters without spaces)`, personId);
  }
  if (roles.length > 1) throw malformed('roles', `may hold no other role beside "${RESIDENT_ROLE}"`, roles);
  if (jurisdictions.length > 0) throw malformed('jurisdictions', `must be empty for a "${RESIDENT_ROLE}" token`, jurisdictions);
  return personId;
}

function stringArray(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw malformed(claim, 'must be an array of strings', value);
  }
  return [...new Set(value as string[])];
}

// Private: the message names the claim and a short rendering of the value, never the token.
function malformed(claim: string, contract: string, received: unknown): GovernanceError {
  const rendered = received === undefined ? 'nothing' : (JSON.stringify(received) ?? String(received)).slice(0, 80);
  return new GovernanceError(`invalid token: claim "${claim}" ${contract}, received ${rendered}`, 'UNAUTHENTICATED', {
    extensions: { claim },
  });
}
