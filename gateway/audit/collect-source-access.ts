import {
  getNamedType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { KEY_ALIAS } from '../governance/govern-city-schema.ts';
import type { AuditCatalogue } from './audit-catalogue.ts';

/** What one connector contributed to an operation, before governance decisions are added. */
export interface SourceTouch {
  readonly system: string;
  readonly fieldsRead: string[];
  rowsReturned: number;
  readonly personalKeys: string[];
}

/** Options of {@link collectSourceAccess}. */
export interface CollectSourceAccessOptions {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName?: string | null;
  readonly catalogue: AuditCatalogue;
  /** The result's `data` (absent or null when execution produced none). */
  readonly data?: Readonly<Record<string, unknown>> | null;
}

/**
 * Works out which source systems an operation touched, in the order first touched:
 *
 * - fields read: every catalogued `Type.field` the operation selects (from the document, so a
 *   field read counts even when no row came back), attributed to the connector providing it;
 * - rows returned: each object of a catalogued type in the result counts once for every
 *   connector that provided a field selected on it;
 * - personal keys: the key of each such row whose connector catalogues personal fields of the
 *   type, read from the gateway's hidden key selection (`_cityhubKey`, see
 *   `addJurisdictionSelections`) or else from the key field when the client selected it.
 *
 * ```ts
 * const touches = collectSourceAccess({ schema, document, catalogue, data: result.data });
 * ```
 */
export function collectSourceAccess(options: CollectSourceAccessOptions): SourceTouch[] {
  const { schema, document, catalogue } = options;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = options.operationName ? operations.find((op) => op.name?.value === options.operationName) : operations[0];
  const touches = new Map<string, SourceTouch & { fieldSet: Set<string> }>();
  const touch = (system: string) => {
    let found = touches.get(system);
    if (!found) touches.set(system, (found = { system, fieldsRead: [], rowsReturned: 0, personalKeys: [], fieldSet: new Set() }));
    return found;
  };
  if (!operation) return [];
  const root = schema.getRootType(operation.operation);
  if (!root) return [];

  // Every field the selection set selects on objects of `type` (fragments spread, conditions honoured by name).
  const fieldsOf = (selectionSet: SelectionSetNode, type: GraphQLNamedType, into: Array<{ responseKey: string; name: string; selectionSet?: SelectionSetNode }> = [], seen = new Set<string>()) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        into.push({ responseKey: selection.alias?.value ?? selection.name.value, name: selection.name.value, selectionSet: selection.selectionSet });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || applies(schema, selection.typeCondition.name.value, type)) fieldsOf(selection.selectionSet, type, into, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        if (applies(schema, fragment.typeCondition.name.value, type)) fieldsOf(fragment.selectionSet, type, into, seen);
      }
    }
    return into;
  };

  // Pass 1: the document, for fields read (every possible type of each selection set).
  const walkDocument = (selectionSet: SelectionSetNode, type: GraphQLNamedType, depth: number) => {
    if (depth > 64) return;
    const possible = isObjectType(type) ? [type] : schema.getPossibleTypes(type as never);
    for (const objectType of possible) {
      const audited = catalogue.get(objectType.name);
      const fields = fieldsOf(selectionSet, objectType);
      // Only `__typename` of catalogued rows still tells which rows exist and how many: read from the type's own connector.
      if (audited && selectsOnlyTypename(fields, audited)) {
        const owner = audited.fieldOwners.get(audited.key);
        if (owner) {
          const source = touch(owner);
          const name = `${objectType.name}.__typename`;
          if (!source.fieldSet.has(name)) {
            source.fieldSet.add(name);
            source.fieldsRead.push(name);
          }
        }
      }
      for (const field of fields) {
        const owner = audited?.fieldOwners.get(field.name);
        if (audited && owner) {
          const source = touch(owner);
          const name = `${objectType.name}.${field.name}`;
          if (!source.fieldSet.has(name)) {
            source.fieldSet.add(name);
            source.fieldsRead.push(name);
          }
        }
        const definition = objectType.getFields()[field.name];
        if (definition && field.selectionSet) walkDocument(field.selectionSet, getNamedType(definition.type), depth + 1);
      }
    }
  };
  if (operation.selectionSet) walkDocument(operation.selectionSet, root, 0);

  // Pass 2: the data, for rows and personal keys.
  const walkData = (value: unknown, selectionSet: SelectionSetNode, type: GraphQLNamedType, depth: number): void => {
    if (value === null || value === undefined || depth > 64) return;
    if (Array.isArray(value)) {
      for (const item of value) walkData(item, selectionSet, type, depth);
      return;
    }
    if (typeof value !== 'object') return;
    const row = value as Record<string, unknown>;
    let objectType = type;
    if (!isObjectType(type)) {
      const typename = row.__typename;
      const resolved = typeof typename === 'string' ? schema.getType(typename) : undefined;
      if (!resolved || !isObjectType(resolved)) return;
      objectType = resolved;
    }
    if (!isObjectType(objectType)) return;
    const fields = fieldsOf(selectionSet, objectType);
    const audited = catalogue.get(objectType.name);
    if (audited) {
      const systems = new Set<string>();
      let key: unknown = row[KEY_ALIAS] ?? undefined;
      for (const field of fields) {
        const owner = audited.fieldOwners.get(field.name);
        if (owner && row[field.responseKey] !== undefined) systems.add(owner);
        if (key === undefined && field.name === audited.key && row[field.responseKey] !== null && row[field.responseKey] !== undefined) key = row[field.responseKey];
      }
      const keyOwner = audited.fieldOwners.get(audited.key);
      if (systems.size === 0 && keyOwner && selectsOnlyTypename(fields, audited) && row.__typename !== undefined) systems.add(keyOwner);
      for (const system of systems) {
        const source = touch(system);
        source.rowsReturned += 1;
        if (key !== undefined && audited.personalConnectors.has(system)) source.personalKeys.push(String(key));
      }
    }
    for (const field of fields) {
      const definition = objectType.getFields()[field.name];
      if (definition && field.selectionSet) walkData(row[field.responseKey], field.selectionSet, getNamedType(definition.type), depth + 1);
    }
  };
  if (options.data && operation.selectionSet) walkData(options.data, operation.selectionSet, root, 0);

  return [...touches.values()].map(({ fieldSet: _fieldSet, ...source }) => source);
}

// Private: whether a selection on a catalogued type reads `__typename` and none of the type's catalogued fields.
function selectsOnlyTypename(fields: ReadonlyArray<{ name: string }>, audited: { fieldOwners: ReadonlyMap<string, string> }): boolean {
  return fields.some((field) => field.name === '__typename') && !fields.some((field) => audited.fieldOwners.has(field.name));
}

function applies(schema: GraphQLSchema, condition: string, type: GraphQLNamedType): boolean {
  if (condition === type.name) return true;
  const conditionType = schema.getType(condition);
  return conditionType !== undefined && !isObjectType(conditionType) && isObjectType(type) && schema.isSubType(conditionType as never, type);
}
