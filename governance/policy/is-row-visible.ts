import { adminLevel, isWithin, type CatalogueType } from '../../schema/index.ts';
import { isGovernmentPrincipal, type Principal } from '../identity/principal.ts';

/**
 * Whether a catalogued type holds open data: at least one of its fields is `open`.
 *
 * ```ts
 * isOpenType({ key: 'id', jurisdiction: 'area', fields: { name: { sharing: 'open', sensitivity: 'public' } } }); // true
 * ```
 */
export function isOpenType(type: CatalogueType): boolean {
  return Object.values(type.fields).some((field) => field.sharing === 'open');
}

/**
 * Whether a principal is responsible for the whole city: one of its jurisdictions is a
 * city-level code (such as `'3101'`).
 */
export function isCityLevel(principal: Principal): boolean {
  return principal.jurisdictions.some((code) => adminLevel(code) === 'city');
}

/**
 * The row policy: whether a principal may see a row whose jurisdiction field holds `code`.
 *
 * - A government principal sees a row when `code` lies within one of its jurisdictions
 *   (`isWithin`: the code itself or a descendant). A missing or malformed code is visible
 *   to city-level principals only, so broken data is never shown to a narrow jurisdiction.
 * - A public principal (anonymous, or a token without jurisdictions such as an app
 *   developer's) sees the rows of open types ({@link isOpenType}) wherever they are,
 *   since open data is published for everyone; the column policy then hands it the `open`
 *   fields only. It sees no row of any other type, nor of an unknown type (`type` omitted).
 *
 * ```ts
 * isRowVisible(PERSONAS.districtOfficer, '310106013002');  // true
 * isRowVisible(PERSONAS.districtOfficer, '310107001');     // false
 * isRowVisible(ANONYMOUS, '310107001', busStopType);        // true when BusStop has open fields
 * ```
 */
export function isRowVisible(principal: Principal, code: unknown, type?: CatalogueType): boolean {
  if (!isGovernmentPrincipal(principal)) return type !== undefined && isOpenType(type);
  if (adminLevel(code) === null) return isCityLevel(principal);
  return principal.jurisdictions.some((scope) => isWithin(code, scope));
}
