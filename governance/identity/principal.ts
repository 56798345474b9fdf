/**
 * Who is asking: the identity governance decides for, built from a verified token.
 */

/**
 * The identity every governance decision is made for.
 *
 * A government principal carries at least one jurisdiction (an administrative code; a
 * city-level principal carries the city code `'3101'`). A principal without jurisdictions
 * (the {@link ANONYMOUS} principal, or an app developer's token) is a *public* principal:
 * it may read `open` data only.
 *
 * ```ts
 * const officer: Principal = {
 *   subject: 'u-1024',
 *   department: 'Xuhui District Operations Center',
 *   roles: ['officer'],
 *   jurisdictions: ['310106'],
 *   purposes: ['city-operations'],
 * };
 * ```
 */
export interface Principal {
  /** The stable user id (the token's `sub`). */
  readonly subject: string;
  /** The department the principal works for; empty for the anonymous principal. */
  readonly department: string;
  readonly roles: readonly string[];
  /** Administrative codes of the areas the principal is responsible for. */
  readonly jurisdictions: readonly string[];
  /** The purposes the principal may declare on a request (`x-cityhub-purpose`). */
  readonly purposes: readonly string[];
  readonly displayName?: string;
  /**
   * The person a {@link RESIDENT_ROLE} principal is (`Person.personId`, the token's
   * `personId` claim); absent for every other principal.
   */
  readonly personId?: string;
}

/**
 * The role of a resident acting for themself (a data subject): their token names the person
 * (`personId`), carries no other role and no jurisdiction, and is served only their own
 * data-subject access report.
 */
export const RESIDENT_ROLE = 'resident';

/**
 * Whether a principal is a resident ({@link RESIDENT_ROLE}) with the person they are.
 *
 * ```ts
 * isResident(PERSONAS.resident); // true
 * ```
 */
export function isResident(principal: Principal): principal is Principal & { readonly personId: string } {
  return principal.roles.includes(RESIDENT_ROLE) && typeof principal.personId === 'string';
}

/** The subject of the anonymous principal; tokens may not claim it. */
export const ANONYMOUS_SUBJECT = 'anonymous';

/**
 * The principal of a request without a token: no department, no jurisdiction, no purpose.
 * It may read `open` data only.
 *
 * ```ts
 * const principal = token ? await verifier.verify(token) : ANONYMOUS;
 * ```
 */
export const ANONYMOUS: Principal = Object.freeze({
  subject: ANONYMOUS_SUBJECT,
  department: '',
  roles: Object.freeze([]) as readonly string[],
  jurisdictions: Object.freeze([]) as readonly string[],
  purposes: Object.freeze([]) as readonly string[],
  displayName: 'Anonymous',
});

/**
 * The anonymous principal ({@link ANONYMOUS}); a function for callers that prefer one.
 *
 * ```ts
 * anonymousPrincipal().subject; // 'anonymous'
 * ```
 */
export function anonymousPrincipal(): Principal {
  return ANONYMOUS;
}

/**
 * Whether a principal is the anonymous one (a request without a token).
 *
 * ```ts
 * isAnonymous(ANONYMOUS); // true
 * ```
 */
export function isAnonymous(principal: Principal): boolean {
  return principal.subject === ANONYMOUS_SUBJECT;
}

/**
 * Whether a principal acts for the government: authenticated and responsible for at least
 * one jurisdiction. Only such principals read `unconditional` or `conditional` data.
 *
 * ```ts
 * isGovernmentPrincipal(PERSONAS.districtOfficer); // true
 * isGovernmentPrincipal(PERSONAS.appDeveloper);    // false
 * ```
 */
export function isGovernmentPrincipal(principal: Principal): boolean {
  return !isAnonymous(principal) && principal.department !== '' && principal.jurisdictions.length > 0;
}
