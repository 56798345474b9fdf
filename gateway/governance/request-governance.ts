import { GraphQLError } from 'graphql';
import {
  decideField,
  isCityLevel,
  isGovernmentPrincipal,
  isRowVisible,
  rowScope,
  type Agreement,
  type FieldDecision,
  type Principal,
} from '../../governance/index.ts';
import { GatewayError, GovernanceError } from '../../schema/index.ts';
import type { GovernanceCatalogue, GovernedType } from './governance-catalogue.ts';

/** The role of the city's auditors: they read the audit log, and no catalogued city data. */
export const AUDITOR_ROLE = 'auditor';

/**
 * Whether a principal is an auditor ({@link AUDITOR_ROLE}). The gateway refuses an auditor's
 * operations that select catalogued city data, and only auditors may use the audit API.
 *
 * ```ts
 * isAuditor(PERSONAS.auditor); // true
 * ```
 */
export function isAuditor(principal: Principal): boolean {
  return principal.roles.includes(AUDITOR_ROLE);
}

/** Where the request context carries its {@link RequestGovernance}. */
export const REQUEST_GOVERNANCE: unique symbol = Symbol.for('cityhub.requestGovernance');

/** Options of {@link createRequestGovernance}. */
export interface RequestGovernanceOptions {
  readonly principal: Principal;
  /** The declared purpose (`resolvePurpose`), `null` when none was declared. */
  readonly purpose: string | null;
  readonly catalogue: GovernanceCatalogue;
  /** The agreements in force with the principal's department as requester, read once per request. */
  readonly agreements: readonly Agreement[];
  /** The moment of the request. @default new Date() */
  readonly at?: Date;
}

/** A field the request selected but may not read: one entry per type and field. */
export interface FieldDenial {
  readonly typeName: string;
  readonly fieldName: string;
  readonly decision: FieldDecision;
  /**
   * Where it was withheld: for each place of the document it was selected at (the response
   * path without list indices), the first response path it was withheld at.
   */
  readonly paths: ReadonlyArray<ReadonlyArray<string | number>>;
}

/**
 * The governance of one request: who asks, for what purpose, and every decision made while
 * answering, cached per type and field so a list of 1,000 rows costs one decision per field.
 */
export interface RequestGovernance {
  readonly principal: Principal;
  readonly purpose: string | null;
  readonly catalogue: GovernanceCatalogue;
  /** The agreements in force for the principal's department, read once for the request. */
  readonly agreements: readonly Agreement[];
  /** The moment the request's decisions are made for. */
  readonly at: Date;
  /** The column policy's decision for one catalogued field. */
  decide(typeName: string, fieldName: string): FieldDecision;
  /** The row policy for one row of a catalogued type, given its jurisdiction code. */
  isVisible(type: GovernedType, code: unknown): boolean;
  /** Whether the row policy may hide rows of the type from this principal. */
  isLimited(type: GovernedType): boolean;
  /** The prefixes a source may be narrowed to, `undefined` when it must not be narrowed. */
  pushdownScope(typeName: string): readonly string[] | undefined;
  /**
   * Records that a denied field was selected, at `path` (its response path); reported after
   * execution once per field and place it was selected at.
   */
  recordDenial(typeName: string, fieldName: string, decision: FieldDecision, path?: ReadonlyArray<string | number>): void;
  /** Records a value that left masked, so errors can be scrubbed of it. */
  recordMasked(raw: unknown, masked: unknown): void;
  readonly denials: ReadonlyMap<string, FieldDenial>;
  /** Raw values that left masked, with their masked form. */
  readonly masked: ReadonlyMap<string, string>;
  /** Counters for audit and tests. */
  readonly stats: { rowsFiltered: number; fieldsMasked: number };
  /** Every column-policy decision made so far, by `Type.field` (the audit records them per source). */
  readonly decisions: ReadonlyMap<string, FieldDecision>;
  /** Rows the row policy hid so far, by catalogued type name (the audit records them per source). */
  readonly rowsFilteredByType: ReadonlyMap<string, number>;
}

/**
 * Creates the governance state of one request. The gateway puts it on the context under
 * {@link REQUEST_GOVERNANCE}; the governed city schema reads it in every resolver.
 *
 * ```ts
 * const governance = createRequestGovernance({ principal, purpose, catalogue, agreements });
 * governance.decide('ElderlyResident', 'phone').effect; // 'mask'
 * ```
 */
export function createRequestGovernance(options: RequestGovernanceOptions): RequestGovernance {
  const { principal, purpose, catalogue, agreements } = options;
  const at = options.at ?? new Date();
  const decisions = new Map<string, FieldDecision>();
  const decisionsByType = new Map<string, Map<string, FieldDecision>>();
  const denials = new Map<string, FieldDenial>();
  const masked = new Map<string, string>();
  const scopes = new Map<string, readonly string[] | undefined>();
  const rowsFilteredByType = new Map<string, number>();
  const government = isGovernmentPrincipal(principal);
  const cityLevel = isCityLevel(principal);
  // A government principal's row policy depends on the row's code alone: each code is
  // decided once per request (a list of 1,000 rows holds a few dozen codes).
  const visibleCodes = new Map<string, boolean>();
  return {
    principal,
    purpose,
    catalogue,
    agreements,
    at,
    denials,
    masked,
    stats: { rowsFiltered: 0, fieldsMasked: 0 },
    decisions,
    rowsFilteredByType,
    decide(typeName, fieldName) {
      // Looked up by type, then field: called for every field of every row, it builds no key.
      let byField = decisionsByType.get(typeName);
      if (!byField) decisionsByType.set(typeName, (byField = new Map()));
      let decision = byField.get(fieldName);
      if (!decision) {
        const governed = catalogue.get(typeName);
        const field = governed && Object.hasOwn(governed.type.fields, fieldName) ? governed.type.fields[fieldName] : undefined;
        decision = decideField({
          principal,
          purpose,
          field,
          typeName,
          fieldName,
          department: governed?.fieldDepartments[fieldName] ?? governed?.department ?? '',
          agreements,
          at,
        });
        byField.set(fieldName, decision);
        decisions.set(`${typeName}.${fieldName}`, decision);
      }
      return decision;
    },
    isVisible(type, code) {
      let visible = government && typeof code === 'string' ? visibleCodes.get(code) : undefined;
      if (visible === undefined) {
        visible = isRowVisible(principal, code, type.type);
        if (government && typeof code === 'string') visibleCodes.set(code, visible);
      }
      if (!visible) rowsFilteredByType.set(type.name, (rowsFilteredByType.get(type.name) ?? 0) + 1);
      return visible;
    },
    isLimited(type) {
      if (!government) return !rowScope(principal, type.type).all;
      return !cityLevel;
    },
    pushdownScope(typeName) {
      if (scopes.has(typeName)) return scopes.get(typeName);
      const governed = catalogue.get(typeName);
      let result: readonly string[] | undefined;
      if (governed) {
        const scope = rowScope(principal, governed.type);
        // Rows with malformed codes stay visible to city-level principals, which a prefix
        // test cannot express: such scopes are left to the gateway's re-check.
        result = scope.all || scope.includeInvalidCodes ? undefined : scope.prefixes;
      }
      scopes.set(typeName, result);
      return result;
    },
    recordDenial(typeName, fieldName, decision, path) {
      const id = `${typeName}.${fieldName}`;
      let denial = denials.get(id);
      if (!denial) denials.set(id, (denial = { typeName, fieldName, decision, paths: [] }));
      if (!path) return;
      // One path per place: a list of 1,000 rows is one withheld field, not 1,000.
      const place = placeOf(path);
      const paths = denial.paths as Array<ReadonlyArray<string | number>>;
      if (!paths.some((seen) => placeOf(seen) === place)) paths.push(path);
    },
    recordMasked(raw, shown) {
      if (typeof raw === 'string' && raw.length >= 2 && typeof shown === 'string' && raw !== shown) masked.set(raw, shown);
      else if (typeof raw === 'number' && typeof shown === 'string') masked.set(String(raw), shown);
    },
  };
}

// Private: a response path without its list indices (`towers.operator`), naming a place of the document.
function placeOf(path: ReadonlyArray<string | number>): string {
  return path.filter((key) => typeof key === 'string').join('.');
}

/** The request's governance, or `undefined` when the context carries none. */
export function requestGovernanceOf(context: unknown): RequestGovernance | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  return (context as { [REQUEST_GOVERNANCE]?: RequestGovernance })[REQUEST_GOVERNANCE];
}

/**
 * The request's governance; throws when the context carries none, so a governed schema run
 * without the governance plugin fails closed instead of answering ungoverned.
 */
export function requireRequestGovernance(context: unknown): RequestGovernance {
  const governance = requestGovernanceOf(context);
  if (!governance) {
    throw new GovernanceError('this request carries no verified identity; governance is not configured for it', 'UNAUTHENTICATED');
  }
  return governance;
}

/**
 * The error every hidden or missing single row answers with: it never says which of the two.
 * Its HTTP status is 200, since the rest of the response is still served (a partial result).
 */
export function rowNotAvailable(typeName: string): GraphQLError {
  return policyNotice(`${typeName} is not available: it does not exist or lies outside your jurisdiction`, { type: typeName });
}

/**
 * A `FORBIDDEN` error reported beside data the policy did let through (a withheld field, a
 * hidden row): code `FORBIDDEN`, HTTP status 200 so the partial result is still served.
 */
export function policyNotice(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GatewayError(message, 'FORBIDDEN', 200, { extensions });
}
