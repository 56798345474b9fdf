import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  Lexer,
  getNamedType,
  isIntrospectionType,
  Source,
  TokenKind,
  validate,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { isAnonymous, type Principal } from '../../governance/index.ts';
import { DEFAULT_OPERATION_LIMITS, type IntrospectionAccess, type OperationLimits } from './edge-config.ts';
import { LimitError, type LimitCode } from './limit-error.ts';
import type { ListSizeOf } from './list-sizes.ts';
import { estimateOperationCost } from './operation-cost.ts';

/** Options of {@link useOperationLimits}. */
export interface OperationLimitsOptions {
  /** Limits of principals without a role override. @default DEFAULT_OPERATION_LIMITS */
  readonly limits?: OperationLimits;
  /** Overrides by role (`anonymous` for callers without a token); the loosest of a principal's roles wins. @default {} */
  readonly roleLimits?: Readonly<Record<string, Partial<OperationLimits>>>;
  /**
   * Who may introspect; the others get neither `__schema`/`__type` nor "Did you mean"
   * suggestions. Without governance (`principalOf` answers `undefined`) `authenticated`
   * lets everyone introspect. @default 'authenticated'
   */
  readonly introspection?: IntrospectionAccess;
  /** The operation's principal (from the verified identity); `undefined` when governance is off. */
  readonly principalOf: (context: object) => Principal | undefined;
  /** The expected size of each list field (`listSizesOf` the manifests). */
  readonly listSizeOf: ListSizeOf;
}

// Private: the bounds of the caches (verdicts per document, limits and variables; token counts per text; role sets).
const VERDICTS_CACHED = 10_000;
const TEXTS_CACHED = 1_000;
const ROLE_SETS_CACHED = 1_000;

/** The role of callers without a token, for {@link OperationLimitsOptions.roleLimits}. */
export const ANONYMOUS_ROLE = 'anonymous';

/**
 * Refuses an operation over its principal's limits before anything executes, and before
 * graphql-js's own validation runs on it (a fragment-expansion bomb never reaches the
 * overlapping-fields check): tokens while parsing; depth, aliases and directives (GraphQL
 * Armor's rules), root fields, introspection and the estimated cost (see
 * `estimateOperationCost`) while validating. Each refusal is a {@link LimitError} (HTTP 400)
 * with a stable `extensions.code` (`TOKEN_LIMIT`, `DEPTH_LIMIT`, `ALIAS_LIMIT`,
 * `DIRECTIVE_LIMIT`, `ROOT_FIELD_LIMIT`, `COST_LIMIT`, `INTROSPECTION_DISABLED`) and
 * `extensions.limit`. Where introspection is off, "Did you mean …" suggestions are removed
 * from validation errors, so they cannot name fields.
 *
 * The checks throw rather than set a validation result: yoga caches validation results per
 * document, and a refusal under one role's limits must not answer another role.
 *
 * ```ts
 * plugins: [useOperationLimits({ principalOf, listSizeOf: () => 20, roleLimits: { auditor: { cost: 20_000 } } })]
 * ```
 */
export function useOperationLimits(options: OperationLimitsOptions): Plugin {
  const base = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const roleLimits = options.roleLimits ?? {};
  const introspection = options.introspection ?? 'authenticated';
  // Per role set: its limits, and their key in the verdict cache (roles with the same limits share verdicts).
  const byRoles = new LRUCache<string, { limits: OperationLimits; key: string }>({ max: ROLE_SETS_CACHED });
  const limitsOf = (principal: Principal | undefined) => {
    const roles = rolesOf(principal).join('\n');
    let found = byRoles.get(roles);
    if (!found) {
      const limits = operationLimitsOf(principal, base, roleLimits);
      found = { limits, key: limitsKey(limits) };
      byRoles.set(roles, found);
    }
    return found;
  };
  const mayIntrospect = (principal: Principal | undefined) => mayIntrospectAs(introspection, principal);

  // The checks are deterministic: a verdict is remembered per schema, document (yoga's parser
  // cache hands the same document object back for the same text), limits, introspection,
  // operation name and variables, so a repeated operation pays a map lookup, not a walk.
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (object: object) => {
    let id = ids.get(object);
    if (id === undefined) ids.set(object, (id = nextId++));
    return id;
  };
  const verdicts = new LRUCache<string, { refusal: GraphQLError | null }>({ max: VERDICTS_CACHED });
  // Per text: the tokens counted, and the cap the count stopped at.
  const tokensBySource = new LRUCache<string, { count: number; cap: number }>({ max: TEXTS_CACHED });
  return {
    onParse({ context, params }) {
      const { limits } = limitsOf(options.principalOf(context));
      const text = typeof params.source === 'string' ? params.source : params.source.body;
      let counted = tokensBySource.get(text);
      // A count that stopped at a lower cap says nothing under a higher limit: count again.
      if (counted === undefined || (counted.count > counted.cap && counted.count <= limits.tokens)) {
        counted = { count: countTokens(params.source, limits.tokens), cap: limits.tokens };
        tokensBySource.set(text, counted);
      }
      if (counted.count > limits.tokens) {
        throw new LimitError(`the document has more than ${limits.tokens} tokens, the limit`, 'TOKEN_LIMIT', { limit: limits.tokens });
      }
    },
    onValidate({ context, params }) {
      const principal = options.principalOf(context);
      const { limits, key: limitsKeyOf } = limitsOf(principal);
      const introspect = mayIntrospect(principal);
      const request = (context as { params?: { variables?: Record<string, unknown> | null; operationName?: string | null } }).params;
      const variables = request?.variables;
      const key = `${idOf(params.schema)}|${idOf(params.documentAST)}|${limitsKeyOf}|${introspect}|${request?.operationName ?? ''}|${variables ? JSON.stringify(variables) : ''}`;
      let verdict = verdicts.get(key);
      if (verdict === undefined) {
        verdict = { refusal: firstRefusal(params.schema, params.documentAST, limits, introspect, request, options.listSizeOf) };
        verdicts.set(key, verdict);
      }
      if (verdict.refusal) throw verdict.refusal;
    },
    // Suggestions are removed from the answer, not from the validation result: yoga caches
    // that per document for every caller.
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      if (mayIntrospect(options.principalOf({ request }))) return;
      setResult({ ...result, errors: result.errors.map(withoutSuggestions) as GraphQLError[] });
    },
  };
}

/**
 * The limits of one principal: `base`, with each limit the loosest of the overrides of the
 * principal's roles (`anonymous` for a caller without a token, or without governance).
 *
 * ```ts
 * operationLimitsOf(PERSONAS.trafficPoliceOfficer, DEFAULT_OPERATION_LIMITS, DEFAULT_ROLE_LIMITS).cost; // the officers' cost
 * ```
 */
export function operationLimitsOf(principal: Principal | undefined, base: OperationLimits, roleLimits: Readonly<Record<string, Partial<OperationLimits>>>): OperationLimits {
  return loosest(base, rolesOf(principal).map((role) => roleLimits[role]).filter((value) => value !== undefined));
}

function rolesOf(principal: Principal | undefined): readonly string[] {
  return principal === undefined || isAnonymous(principal) ? [ANONYMOUS_ROLE] : principal.roles;
}

// Private: the first refusal of an operation under `limits`, or null.
function firstRefusal(
  schema: import('graphql').GraphQLSchema,
  document: import('graphql').DocumentNode,
  limits: OperationLimits,
  introspect: boolean,
  request: { variables?: Record<string, unknown> | null; operationName?: string | null } | undefined,
  listSizeOf: ListSizeOf,
): GraphQLError | null {
  const refusals = validate(schema, document, rulesFor(limits, introspect));
  if (refusals.length > 0) return refusals[0]!;
  const cost = estimateOperationCost({ schema, document, variables: request?.variables ?? null, operationName: request?.operationName ?? null, listSizeOf });
  if (cost !== undefined && cost > limits.cost) {
    return new LimitError(`the operation's estimated cost ${cost} exceeds the limit of ${limits.cost}`, 'COST_LIMIT', { limit: limits.cost, cost });
  }
  return null;
}

function limitsKey(limits: OperationLimits): string {
  return `${limits.depth},${limits.aliases},${limits.rootFields},${limits.tokens},${limits.directives},${limits.cost}`;
}

// Private: the rules per limits, built once (the limits objects are memoized by role).
const rulesByLimits = new WeakMap<OperationLimits, { open: ValidationRule[]; closed: ValidationRule[] }>();
function rulesFor(limits: OperationLimits, introspect: boolean): ValidationRule[] {
  let rules = rulesByLimits.get(limits);
  if (!rules) {
    const open: ValidationRule[] = [
      maxDepthRule({ n: limits.depth, flattenFragments: true, propagateOnRejection: false, onReject: [report('DEPTH_LIMIT', limits.depth)] }),
      maxAliasesRule({ n: limits.aliases, propagateOnRejection: false, onReject: [report('ALIAS_LIMIT', limits.aliases)] }),
      maxDirectivesRule({ n: limits.directives, propagateOnRejection: false, onReject: [report('DIRECTIVE_LIMIT', limits.directives)] }),
      maxRootFieldsRule(limits.rootFields),
      maxExpansionRule(limits.cost),
    ];
    rules = { open, closed: [...open, introspectionRule] };
    rulesByLimits.set(limits, rules);
  }
  return introspect ? rules.open : rules.closed;
}

// Private: Armor's rejection, with our code and the limit. Armor's message already names
// the limit and what it found ("Query depth limit of 6 exceeded, found 8.").
function report(code: LimitCode, limit: number) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(new LimitError(error.message.replace(/^Syntax Error: /, ''), code, { limit }));
  };
}

function maxRootFieldsRule(limit: number): ValidationRule {
  return (context): ASTVisitor => ({
    OperationDefinition(operation) {
      const count = countRootFields(context, operation.selectionSet, new Set());
      if (count > limit) context.reportError(new LimitError(`the operation selects ${count} root fields, more than the limit of ${limit}`, 'ROOT_FIELD_LIMIT', { limit }));
    },
  });
}

function countRootFields(context: ValidationContext, selections: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(context, selection.selectionSet, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countRootFields(context, fragment.selectionSet, seen);
    }
  }
  return count;
}

// Private: graphql-js's NoSchemaIntrospectionCustomRule, with our code.
// Private: a document whose fragments expand (each spread counted where it is spread) to
// more selections than the cost limit cannot cost less; measured in linear time (one size
// per fragment), so a fragment-expansion bomb is refused before the cost estimate, and
// graphql-js's overlapping-fields check, walk its expansion.
function maxExpansionRule(limit: number): ValidationRule {
  return (context): ASTVisitor => {
    const sizes = new Map<string, number>();
    const sizeOf = (selections: SelectionSetNode, visiting: Set<string>): number => {
      let size = 0;
      for (const selection of selections.selections) {
        if (selection.kind === Kind.FIELD) size += 1 + (selection.selectionSet ? sizeOf(selection.selectionSet, visiting) : 0);
        else if (selection.kind === Kind.INLINE_FRAGMENT) size += sizeOf(selection.selectionSet, visiting);
        else {
          const name = selection.name.value;
          let fragmentSize = sizes.get(name);
          if (fragmentSize === undefined) {
            const fragment = context.getFragment(name);
            // A cycle is graphql-js's NoFragmentCycles error; it adds nothing here.
            if (!fragment || visiting.has(name)) continue;
            visiting.add(name);
            fragmentSize = sizeOf(fragment.selectionSet, visiting);
            visiting.delete(name);
            sizes.set(name, fragmentSize);
          }
          size += fragmentSize;
        }
        if (size > limit) return size;
      }
      return size;
    };
    return {
      OperationDefinition(operation) {
        const size = sizeOf(operation.selectionSet, new Set());
        if (size > limit) {
          context.reportError(new LimitError(`the operation expands to more than ${limit} selections (fragments counted where spread), over the cost limit of ${limit}`, 'COST_LIMIT', { limit }));
        }
      },
    };
  };
}

const introspectionRule: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    if (type && isIntrospectionType(type)) {
      context.reportError(new LimitError(`introspection is disabled for this caller; the operation selects "${node.name.value}"`, 'INTROSPECTION_DISABLED'));
    }
  },
});

// Private: the tokens of a document, counting no further than one past the limit.
function countTokens(source: string | Source, limit: number): number {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let count = 0;
  try {
    while (count <= limit && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A syntax error: the parser reports it with its position.
  }
  return count;
}

/**
 * Whether `principal` may introspect under `introspection` (and see "Did you mean …"
 * suggestions). Without governance (`undefined`) there is no caller to tell apart, and
 * nothing is withheld from anyone: introspection is then off only when it is off for everyone.
 *
 * ```ts
 * mayIntrospectAs('authenticated', anonymousPrincipal); // false
 * ```
 */
export function mayIntrospectAs(introspection: IntrospectionAccess, principal: Principal | undefined): boolean {
  return introspection === 'everyone' || (introspection === 'authenticated' && (principal === undefined || !isAnonymous(principal)));
}

/**
 * An error without its "Did you mean …" sentence, as a new error (the original is left as
 * it was). Not Armor's block-field-suggestions: it rewrites the messages in place, and yoga
 * caches validation errors for every role.
 *
 * ```ts
 * withoutSuggestions(error).message; // 'Cannot query field "peopl" on type "Query".'
 * ```
 */
export function withoutSuggestions<E extends Error>(error: E): E | GraphQLError {
  if (!(error instanceof GraphQLError)) return error;
  const message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
  if (message === error.message) return error;
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: error.extensions });
}

function loosest(base: OperationLimits, overrides: readonly Partial<OperationLimits>[]): OperationLimits {
  if (overrides.length === 0) return base;
  const result = { ...base };
  for (const key of Object.keys(base) as (keyof OperationLimits)[]) {
    const values = overrides.map((override) => override[key]).filter((value): value is number => value !== undefined);
    if (values.length > 0) result[key] = Math.max(...values);
  }
  return Object.freeze(result);
}
