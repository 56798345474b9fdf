import { isAdminCode, type CatalogueType } from '../../schema/index.ts';
import { isGovernmentPrincipal, type Principal } from '../identity/principal.ts';
import { isCityLevel, isOpenType } from './is-row-visible.ts';

/**
 * The row policy as a predicate a source can push down (e.g. into a SQL `WHERE`): rows whose
 * jurisdiction code starts with one of `prefixes`, plus rows with a missing or malformed
 * code when `includeInvalidCodes`; or every row when `all`. An empty scope (`all: false`,
 * no prefixes, no invalid codes) matches nothing.
 *
 * Pushing down is an optimisation only: the gateway re-checks every row with
 * `isRowVisible`, which agrees with this scope.
 */
export interface RowScope {
  readonly all: boolean;
  readonly prefixes: readonly string[];
  readonly includeInvalidCodes: boolean;
}

/**
 * The {@link RowScope} of a principal for a type, consistent with `isRowVisible`.
 * Narrower jurisdictions inside wider ones are dropped, so the prefixes never overlap.
 *
 * ```ts
 * rowScope(PERSONAS.streetOfficer); // { all: false, prefixes: ['310106013'], includeInvalidCodes: false }
 * ```
 */
export function rowScope(principal: Principal, type?: CatalogueType): RowScope {
  if (!isGovernmentPrincipal(principal)) {
    return { all: type !== undefined && isOpenType(type), prefixes: [], includeInvalidCodes: false };
  }
  const codes = principal.jurisdictions.filter((code) => isAdminCode(code));
  const prefixes = codes.filter((code) => !codes.some((other) => other !== code && code.startsWith(other)));
  return { all: false, prefixes: [...new Set(prefixes)], includeInvalidCodes: isCityLevel(principal) };
}
