import {
  GraphQLError,
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { checkArgumentAccess, maskValue } from '../../governance/index.ts';
import type { GovernanceCatalogue, GovernedType } from './governance-catalogue.ts';
import { requireRequestGovernance, rowNotAvailable, type RequestGovernance } from './request-governance.ts';
import { requestRecordOf, type RequestRecord } from './request-record.ts';
import { fieldPlanOf, type FieldPlan } from './selection-plan.ts';

/**
 * The alias under which the gateway adds each catalogued type's jurisdiction field to every
 * selection (see `addJurisdictionSelections`), so the row policy can read it whatever the
 * client selected. Clients may not use aliases starting with it; it never reaches them.
 */
export const JURISDICTION_ALIAS = '_cityhubJurisdiction';

/**
 * The alias under which the gateway adds each catalogued type's key field to every selection,
 * so the audit can name every record returned whatever the client selected. Stripped with
 * the jurisdiction alias before the response; never subject to the column policy.
 */
export const KEY_ALIAS = '_cityhubKey';

/**
 * The prefix of the aliases under which the gateway adds, beside each selected reference
 * field (a link of kind `ref`), the field holding the reference's key:
 * `_cityhubRef_closedBy: closedByOfficerId`. The row policy reads it to tell a reference to
 * nothing from a row it may not show; stripped with the other gateway aliases.
 */
export const REFERENCE_ALIAS_PREFIX = '_cityhubRef_';

/**
 * Wraps the stitched city schema in the gateway's policies. Every field keeps its resolver
 * (stitching's merge resolvers included) with a policy around it:
 *
 * - **row policy**, on every field whose type is a catalogued type (root field, merged field
 *   from another department, nested list, whatever alias or fragment reached it): lists omit
 *   the rows the principal may not see, and a single row it may not see becomes `null` with
 *   one `FORBIDDEN` error; a root single-row field answers a missing row with the same error,
 *   so it never says which, while a nested single object with no row behind it (a null
 *   reference) stays a plain `null`;
 * - **column policy**, on every catalogued field: denied fields answer `null` (reported once
 *   per field after execution), personal fields not covered by the purpose are masked with
 *   the catalogue's rule before the value leaves the resolver;
 * - **no filter oracle**: an argument that filters on a catalogued field (`where`, `within`,
 *   the key of a single-row field) is refused unless the principal may read that field in
 *   the clear;
 * - **subscriptions**: each event of a stream of a catalogued type passes the row policy
 *   before it is resolved; an event whose row the principal may not see is dropped (the
 *   stream goes on, nothing says it was there), and its fields pass the column policy;
 * - fields shared `none` are removed from the schema (and from filter inputs), and every
 *   field that is not `open` becomes nullable, since a policy may withhold it.
 *
 * The resolvers read the request's {@link RequestGovernance} from the context and fail
 * closed without one.
 *
 * ```ts
 * const governed = governCitySchema(registry.schema, buildGovernanceCatalogue(manifests));
 * ```
 */
export function governCitySchema(schema: GraphQLSchema, catalogue: GovernanceCatalogue): GraphQLSchema {
  const rootNames = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((type) => type).map((type) => type!.name),
  );
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName, original) => {
      const owner = catalogue.get(typeName);
      const field = owner && Object.hasOwn(owner.type.fields, fieldName) ? owner.type.fields[fieldName] : undefined;
      if (field?.sharing === 'none') return null;
      let config: GraphQLFieldConfig<any, any> = fieldConfig;
      const named = getNamedType(fieldConfig.type);
      const target = catalogue.get(named.name);
      const stream = fieldConfig.subscribe !== undefined;
      if (target) {
        config = stream ? governEvents(config, () => target, target) : governRows(config, () => target, target, rootNames.has(typeName));
      } else if (isAbstractType(named)) {
        // An interface or union: each row is checked against the policy of its concrete type.
        const members = original.getPossibleTypes(named).filter((member) => catalogue.has(member.name));
        if (members.length > 0) {
          const typeOf = (row: unknown) => catalogue.get(String((row as { __typename?: unknown }).__typename));
          config = stream ? governEvents(config, typeOf, undefined) : governRows(config, typeOf, undefined, rootNames.has(typeName));
        }
      }
      if (owner && field) {
        config = governColumn(config, owner, fieldName, field.sharing !== 'open');
      }
      return config;
    },
    [MapperKind.INPUT_OBJECT_FIELD]: (inputFieldConfig, fieldName, typeName) => {
      // Filter inputs are named `<Type>Filter` by the connector SDK; `none` fields never filter.
      const owner = typeName.endsWith('Filter') ? catalogue.get(typeName.slice(0, -'Filter'.length)) : undefined;
      return owner?.type.fields[fieldName]?.sharing === 'none' ? null : inputFieldConfig;
    },
  });
}

// Private: the row policy around a field returning a catalogued type.
function governRows(
  config: GraphQLFieldConfig<any, any>,
  typeOf: (row: unknown) => GovernedType | undefined,
  type: GovernedType | undefined,
  root: boolean,
): GraphQLFieldConfig<any, any> {
  const resolve = config.resolve ?? defaultFieldResolver;
  const single = !isListType(getNullableType(config.type));
  const filterArguments = Object.keys(config.args ?? {});
  return {
    ...config,
    // A single row may be withheld, so it must be able to be null.
    type: single ? (getNullableType(config.type) as GraphQLOutputType) : config.type,
    resolve: (source, args, context, info) => {
      const governance = requireRequestGovernance(context);
      // What the caller asks of each source is recorded before any filter may refuse it.
      const record = requestRecordOf(context);
      const plan = record ? fieldPlanOf(info, governance.catalogue) : undefined;
      if (record && plan) record.readFields(plan, plan.fieldsRead);
      if (type && (root || filterArguments.length > 0)) checkFilters(governance, type, args, filterArguments);
      const rows: RowContext = { governance, typeOf, type, single, root, source, args, info, record, plan };
      return then(resolve(source, args, context, info), (value) => filterRows(rows, value));
    },
  };
}

/** Private: an event that passed the row policy, carrying the row its field resolved to. */
const GOVERNED_EVENT: unique symbol = Symbol('cityhub.governedEvent');
type GovernedEvent = { readonly [GOVERNED_EVENT]: unknown };

// Private: the row policy around a subscription field streaming a catalogued type. The
// event's row is resolved once, here, so the check reads exactly what the client gets;
// a row out of the principal's sight drops its event instead of becoming an error.
function governEvents(
  config: GraphQLFieldConfig<any, any>,
  typeOf: (row: unknown) => GovernedType | undefined,
  type: GovernedType | undefined,
): GraphQLFieldConfig<any, any> {
  const subscribe = config.subscribe!;
  const resolve = config.resolve ?? defaultFieldResolver;
  const filterArguments = Object.keys(config.args ?? {});
  return {
    ...config,
    subscribe: async (source, args, context, info) => {
      const governance = requireRequestGovernance(context);
      if (type) checkFilters(governance, type, args, filterArguments);
      const stream: unknown = await subscribe(source, args, context, info);
      if (!isAsyncIterable(stream)) return stream;
      return filterEvents(stream, async (event) => {
        const row = await resolve(event, args, context, info);
        if (row === null || row === undefined || row instanceof Error || rowVisible(governance, typeOf, row)) return { [GOVERNED_EVENT]: row };
        governance.stats.rowsFiltered += 1;
        const hidden = typeOf(row);
        if (hidden) requestRecordOf(context)?.filterRows(hidden.connectorId, 1);
        return undefined;
      });
    },
    resolve: (event, args, context, info) => {
      if (typeof event !== 'object' || event === null || !(GOVERNED_EVENT in event)) return resolve(event, args, context, info);
      const row = (event as GovernedEvent)[GOVERNED_EVENT];
      // Each event's row is recorded as it is delivered (the audit takes one record per event).
      const record = requestRecordOf(context);
      if (record && row !== null && row !== undefined && !(row instanceof Error)) {
        const governance = requireRequestGovernance(context);
        const plan = fieldPlanOf(info, governance.catalogue);
        record.readFields(plan, plan.fieldsRead);
        const rowType = typeOf(row);
        if (rowType) recordRow(record, plan, rowType, row);
      }
      return row;
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

// Private: the events of `source` that `keep` maps to a value; `return` reaches the source,
// so a client that stops listening ends the upstream subscription.
function filterEvents(source: AsyncIterable<unknown>, keep: (event: unknown) => Promise<unknown>): AsyncIterableIterator<unknown> {
  const inner = source[Symbol.asyncIterator]();
  const iterator: AsyncIterableIterator<unknown> = {
    async next() {
      for (;;) {
        const step = await inner.next();
        if (step.done) return step;
        const kept = await keep(step.value);
        if (kept !== undefined) return { value: kept, done: false };
      }
    },
    async return() {
      await inner.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      if (inner.throw) return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function checkFilters(governance: RequestGovernance, type: GovernedType, args: Record<string, unknown>, names: readonly string[]): void {
  const fields = new Set<string>();
  for (const name of names) {
    const value = args[name];
    if (value === null || value === undefined) continue;
    if (name === 'where' && typeof value === 'object') {
      for (const [field, operand] of Object.entries(value as Record<string, unknown>)) if (operand !== null && operand !== undefined) fields.add(field);
    } else if (name === 'within') {
      fields.add(type.jurisdiction);
    } else if (Object.hasOwn(type.type.fields, name)) {
      fields.add(name);
    }
  }
  if (fields.size === 0) return;
  checkArgumentAccess({
    principal: governance.principal,
    purpose: governance.purpose,
    typeName: type.name,
    type: type.type,
    department: type.department,
    agreements: governance.agreements,
    at: governance.at,
    fields: [...fields],
  });
}

// Private: whether one row may be shown. A row of an abstract type whose concrete type is not
// known, or not catalogued while others are, is hidden (fail closed).
function rowVisible(governance: RequestGovernance, typeOf: (row: unknown) => GovernedType | undefined, row: unknown): boolean {
  const type = typeOf(row);
  return type !== undefined && governance.isVisible(type, (row as Record<string, unknown>)[JURISDICTION_ALIAS]);
}

// Private: what the row policy of one resolved field needs to know, and where it records.
interface RowContext {
  readonly governance: RequestGovernance;
  readonly typeOf: (row: unknown) => GovernedType | undefined;
  readonly type: GovernedType | undefined;
  readonly single: boolean;
  readonly root: boolean;
  readonly source: unknown;
  readonly args: Record<string, unknown>;
  readonly info: GraphQLResolveInfo;
  readonly record: RequestRecord | undefined;
  readonly plan: FieldPlan | undefined;
}

function filterRows(rows: RowContext, value: unknown): unknown {
  const { governance, typeOf, type, single, root, source, args, info, record, plan } = rows;
  if (value instanceof Error) return value;
  const name = type?.name ?? getNamedType(info.returnType).name;
  if (single) {
    if (value === null || value === undefined) {
      if (type) recordKeyDenied(record, type, root ? args[type.type.key] : referenceKey(source, info));
      if (!type) throw rowNotAvailable(name);
      if (!governance.isLimited(type)) return value;
      // A root single-row field looks a row up by a key the client supplies: a missing row must
      // answer exactly like a hidden one, or the lookup would be an existence oracle.
      if (root) throw rowNotAvailable(name);
      // Nested: a reference whose key is null points at no row at all (an alarm nobody closed,
      // a self-employed person's employer). There is nothing to hide, and the caller reads the
      // null key itself, so the null stays plain, with no error. The key is read from the
      // gateway's own selection of it (`addJurisdictionSelections`); when it is missing, or its
      // field is denied to the caller (who could then learn from the error whether it is null),
      // the policy fails closed.
      //
      // Any other null is ambiguous: the department's source reads links within the caller's
      // pushed-down scope, so a row it may not see arrives here as null just like a missing one.
      // Both answer null + FORBIDDEN. That includes a non-null key whose row does not exist
      // (and a `has` link, keyed by the parent's own key, with no row): deliberately, since the
      // caller holds that key and a root lookup by it answers missing and hidden alike, so the
      // nested path must not tell them apart either (no existence oracle). A reference to
      // another department's row whose key matches nothing reaches the row policy below as a
      // stub with no jurisdiction code and is hidden the same way.
      if (nullReference(governance, source, info)) return value;
      throw rowNotAvailable(name);
    }
    // The row's department did not deliver it (timeout, down): that is the error, not a denial.
    const failure = undeliveredRow(value);
    if (failure) throw failure;
    const rowType = typeOf(value);
    if (rowType && governance.isVisible(rowType, (value as Record<string, unknown>)[JURISDICTION_ALIAS])) {
      if (record && plan) recordRow(record, plan, rowType, value);
      return value;
    }
    governance.stats.rowsFiltered += 1;
    if (rowType) {
      record?.filterRows(rowType.connectorId, 1);
      recordKeyDenied(record, rowType, root ? args[rowType.type.key] : rowKey(value, plan?.rowPlan(rowType.name)?.keyResponseKey));
    }
    throw rowNotAvailable(name);
  }
  if (!Array.isArray(value)) return value;
  // Stitching may answer a merged list with one promise per row.
  if (value.some((row) => row instanceof Promise)) {
    return Promise.all(value).then((resolved) => filterRows(rows, resolved));
  }
  const kept: unknown[] = [];
  for (const item of value) {
    const row = undeliveredRow(item) ?? item;
    if (row === null || row instanceof Error) {
      kept.push(row);
      continue;
    }
    // A row of an abstract type whose concrete type is not known, or not catalogued while
    // others are, is hidden (fail closed).
    const rowType = typeOf(row);
    if (rowType && governance.isVisible(rowType, (row as Record<string, unknown>)[JURISDICTION_ALIAS])) {
      kept.push(row);
      if (record && plan) recordRow(record, plan, rowType, row);
    } else if (rowType) {
      record?.filterRows(rowType.connectorId, 1);
    }
  }
  governance.stats.rowsFiltered += value.length - kept.length;
  // A root list asked for by keys (`in: [...]`) denies the keys it does not return, like a lookup by key.
  if (root && type && Array.isArray(args.in)) {
    const returned = new Set(kept.map((row) => rowKey(row, undefined)));
    for (const key of new Set(args.in.map(String))) if (!returned.has(key)) recordKeyDenied(record, type, key);
  }
  return kept;
}

// Private: notes a key asked of the type's source that was not returned.
function recordKeyDenied(record: RequestRecord | undefined, type: GovernedType, key: unknown): void {
  if (record && key !== null && key !== undefined && (typeof key === 'string' || typeof key === 'number')) record.denyKey(type.connectorId, String(key));
}

// Private: the key of the reference a nested single field follows, from the gateway's own selection of it on the parent row.
function referenceKey(source: unknown, info: GraphQLResolveInfo): unknown {
  if (typeof source !== 'object' || source === null) return undefined;
  return (source as Record<string, unknown>)[`${REFERENCE_ALIAS_PREFIX}${info.fieldName}`];
}

// Private: when the department a merged row's jurisdiction comes from failed to deliver it,
// stitching leaves that department's error in each of its fields. The row cannot be shown
// (its jurisdiction is unknown), and the failure, not a denial, is what the client is told:
// the upstream error (`UPSTREAM_TIMEOUT`, `UPSTREAM_UNAVAILABLE`), unlocated so that it is
// reported at the field being resolved.
function undeliveredRow(row: unknown): GraphQLError | undefined {
  if (typeof row !== 'object' || row === null || row instanceof Error) return undefined;
  const code = (row as Record<string, unknown>)[JURISDICTION_ALIAS];
  if (!(code instanceof GraphQLError)) return undefined;
  return new GraphQLError(code.message, { originalError: code, extensions: code.extensions });
}

// Private: whether a nested single field's parent row holds a null key for it (a reference
// to nothing) that the caller may read.
function nullReference(governance: RequestGovernance, source: unknown, info: GraphQLResolveInfo): boolean {
  const owner = governance.catalogue.get(info.parentType.name);
  const keyField = owner && Object.hasOwn(owner.references, info.fieldName) ? owner.references[info.fieldName]! : undefined;
  if (!owner || keyField === undefined || typeof source !== 'object' || source === null) return false;
  const alias = `${REFERENCE_ALIAS_PREFIX}${info.fieldName}`;
  if (!Object.hasOwn(source, alias)) return false;
  const key = (source as Record<string, unknown>)[alias];
  return (key === null || key === undefined) && governance.decide(owner.name, keyField).effect !== 'deny';
}

// Private: the column policy around one catalogued field.
function governColumn(config: GraphQLFieldConfig<any, any>, owner: GovernedType, fieldName: string, nullable: boolean): GraphQLFieldConfig<any, any> {
  const resolve = config.resolve ?? defaultFieldResolver;
  const stringLike = ['String', 'ID'].includes(getNamedType(config.type).name) && !isObjectType(getNamedType(config.type));
  const resolver: GraphQLFieldResolver<any, any> = (source, args, context, info) => {
    // The gateway's own jurisdiction, key and reference-key selections: read for the row policy and the audit, stripped before the response.
    const alias = info.fieldNodes[0]?.alias?.value;
    if (alias === JURISDICTION_ALIAS || alias === KEY_ALIAS || alias?.startsWith(REFERENCE_ALIAS_PREFIX)) return resolve(source, args, context, info);
    const governance = requireRequestGovernance(context);
    const decision = governance.decide(owner.name, fieldName);
    if (decision.effect === 'deny') {
      governance.recordDenial(owner.name, fieldName, decision, pathOf(info));
      return null;
    }
    if (decision.effect === 'allow') return resolve(source, args, context, info);
    return then(resolve(source, args, context, info), (value) => {
      if (value === null || value === undefined || value instanceof Error) return value;
      governance.stats.fieldsMasked += 1;
      // A masked number or point cannot keep its type: it is withheld instead.
      const masked = stringLike ? maskValue(decision.rule, value) : null;
      governance.recordMasked(value, masked);
      return masked;
    });
  };
  return { ...config, type: nullable && isNonNullType(config.type) ? (config.type.ofType as GraphQLOutputType) : config.type, resolve: resolver };
}

// Private: the response path of the field being resolved, as graphql-js reports paths.
function pathOf(info: GraphQLResolveInfo): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = info.path; at; at = at.prev) path.unshift(at.key);
  return path;
}

function then<T>(value: T | Promise<T>, next: (value: T) => unknown): unknown {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Notes one row of a catalogued type that leaves the hub: once for every source that
 * provided a field the caller selected on it, with the row's key for each source whose
 * catalogue of the type holds personal fields. @internal
 */
export function recordRow(record: RequestRecord, plan: FieldPlan, type: GovernedType, row: unknown): void {
  const rows = plan.rowPlan(type.name);
  if (!rows) return;
  let key: string | undefined;
  let keyRead = false;
  for (let index = 0; index < rows.systems.length; index += 1) {
    if (!rows.personal[index]) {
      record.returnRow(rows.systems[index]!);
      continue;
    }
    if (!keyRead) {
      key = rowKey(row, rows.keyResponseKey);
      keyRead = true;
    }
    record.returnRow(rows.systems[index]!, key);
  }
}

/**
 * A row's key as the audit names it: the gateway's hidden key selection (`_cityhubKey`), or
 * else the caller's own selection of the key (under `responseKey`, the row plan's
 * `keyResponseKey`: the gateway adds no hidden key where the caller always selects it). @internal
 */
export function rowKey(row: unknown, responseKey: string | undefined): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const record = row as Record<string, unknown>;
  const key = record[KEY_ALIAS] ?? (responseKey === undefined ? undefined : record[responseKey]);
  return key === null || key === undefined || key instanceof Error ? undefined : String(key);
}
