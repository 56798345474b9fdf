import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { GovernanceCatalogue } from './governance-catalogue.ts';

/** Private: the aliases the gateway adds to every operation (`addJurisdictionSelections`); never the caller's reads. */
const GATEWAY_ALIAS_PREFIX = '_cityhub';

/** What one row of a catalogued type, selected at one place of the document, is read from. */
export interface RowPlan {
  /** The sources providing a field the caller selected on the row (the type's own source when it selects only `__typename`). */
  readonly systems: readonly string[];
  /** For each of `systems`: whether its catalogue of the type holds personal fields (the row is then a personal record of it). */
  readonly personal: readonly boolean[];
  /**
   * The response key under which the caller selected the type's key, when it did (one no
   * directive can leave out, when there is one: the gateway then adds no hidden key selection).
   */
  readonly keyResponseKey: string | undefined;
}

/**
 * What the governed resolvers record for one field of a document that returns catalogued
 * rows, worked out once per document (plans are cached by field node) rather than per request.
 */
export interface FieldPlan {
  /** Every catalogued `Type.field` selected under the field (its whole sub-selection), with its source, in document order. */
  readonly fieldsRead: ReadonlyArray<readonly [system: string, field: string]>;
  /** The plan of one row of the concrete type `typeName` at this field; `undefined` when the type is not catalogued. */
  rowPlan(typeName: string): RowPlan | undefined;
}

const plans = new WeakMap<GraphQLSchema, WeakMap<FieldNode, FieldPlan>>();

/**
 * The {@link FieldPlan} of the field being resolved (all the field nodes merged under its
 * response key), cached by schema and field node: documents are cached by the gateway, so a
 * repeated operation reuses its plans.
 *
 * ```ts
 * const plan = fieldPlanOf(info, catalogue);
 * record.readFields(plan, plan.fieldsRead);
 * ```
 */
export function fieldPlanOf(info: GraphQLResolveInfo, catalogue: GovernanceCatalogue): FieldPlan {
  let bySchema = plans.get(info.schema);
  if (!bySchema) plans.set(info.schema, (bySchema = new WeakMap()));
  const node = info.fieldNodes[0]!;
  let plan = bySchema.get(node);
  if (!plan) {
    plan = buildFieldPlan(info.schema, info.fragments, info.fieldNodes, getNamedType(info.returnType), catalogue);
    bySchema.set(node, plan);
  }
  return plan;
}

/**
 * Every catalogued `Type.field` an operation selects, with its source, in document order:
 * what an operation refused before execution (nothing resolved) asked for.
 *
 * ```ts
 * fieldsReadOf(schema, document, null, catalogue); // [['elderly-registry', 'ElderlyResident.name'], …]
 * ```
 */
export function fieldsReadOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  catalogue: GovernanceCatalogue,
): Array<readonly [string, string]> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return [];
  const into = new Map<string, readonly [string, string]>();
  collectFieldsRead(schema, fragments, [operation.selectionSet], root, catalogue, into, 0);
  return [...into.values()];
}

function buildFieldPlan(
  schema: GraphQLSchema,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  fieldNodes: readonly FieldNode[],
  type: GraphQLNamedType,
  catalogue: GovernanceCatalogue,
): FieldPlan {
  const selectionSets = fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  const read = new Map<string, readonly [string, string]>();
  collectFieldsRead(schema, fragments, selectionSets, type, catalogue, read, 0);
  const rows = new Map<string, RowPlan | undefined>();
  return {
    fieldsRead: [...read.values()],
    rowPlan(typeName) {
      if (rows.has(typeName)) return rows.get(typeName);
      const governed = catalogue.get(typeName);
      const objectType = schema.getType(typeName);
      let plan: RowPlan | undefined;
      if (governed && objectType && isObjectType(objectType)) {
        const fields = selectionSets.flatMap((selectionSet) => fieldsOn(schema, fragments, selectionSet, objectType));
        const systems: string[] = [];
        let keyResponseKey: string | undefined;
        let keyConditional = true;
        for (const field of fields) {
          const system = governed.fieldConnectors[field.name];
          if (system !== undefined && !systems.includes(system)) systems.push(system);
          // The key as the caller selected it, where no directive can leave it out if it can.
          if (field.name === governed.type.key && (keyResponseKey === undefined || (keyConditional && !field.conditional))) {
            keyResponseKey = field.responseKey;
            keyConditional = field.conditional;
          }
        }
        // Only `__typename` of catalogued rows still tells which rows exist and how many: read from the type's own source.
        if (systems.length === 0 && fields.some((field) => field.name === '__typename')) systems.push(governed.fieldConnectors[governed.type.key] ?? governed.connectorId);
        plan = { systems, personal: systems.map((system) => governed.personalConnectors.has(system)), keyResponseKey };
      }
      rows.set(typeName, plan);
      return plan;
    },
  };
}

// Private: the catalogued fields selected under `selectionSets` on objects of `type` (every possible type of an abstract one), recursively.
function collectFieldsRead(
  schema: GraphQLSchema,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  selectionSets: readonly SelectionSetNode[],
  type: GraphQLNamedType,
  catalogue: GovernanceCatalogue,
  into: Map<string, readonly [string, string]>,
  depth: number,
): void {
  if (depth > 64 || selectionSets.length === 0) return;
  const possible = isObjectType(type) ? [type] : isAbstractType(type) ? schema.getPossibleTypes(type) : [];
  for (const objectType of possible) {
    const governed = catalogue.get(objectType.name);
    const fields = selectionSets.flatMap((selectionSet) => fieldsOn(schema, fragments, selectionSet, objectType));
    if (governed) {
      const own = fields.filter((field) => governed.fieldConnectors[field.name] !== undefined);
      if (own.length === 0 && fields.some((field) => field.name === '__typename')) {
        const name = `${objectType.name}.__typename`;
        if (!into.has(name)) into.set(name, [governed.fieldConnectors[governed.type.key] ?? governed.connectorId, name]);
      }
      for (const field of own) {
        const name = `${objectType.name}.${field.name}`;
        if (!into.has(name)) into.set(name, [governed.fieldConnectors[field.name]!, name]);
      }
    }
    const children = new Map<string, SelectionSetNode[]>();
    for (const field of fields) {
      if (!field.selectionSet) continue;
      const list = children.get(field.name) ?? [];
      list.push(field.selectionSet);
      children.set(field.name, list);
    }
    for (const [name, sets] of children) {
      const definition = objectType.getFields()[name];
      if (definition) collectFieldsRead(schema, fragments, sets, getNamedType(definition.type), catalogue, into, depth + 1);
    }
  }
}

interface SelectedField {
  readonly responseKey: string;
  readonly name: string;
  readonly selectionSet: SelectionSetNode | undefined;
  /** Whether a directive (`@include`, `@skip`, …) on the field or on a fragment around it may leave it out. */
  readonly conditional: boolean;
}

// Private: the caller's fields of a selection set on objects of `type` (fragments spread, type conditions honoured; the gateway's own aliases left out).
function fieldsOn(
  schema: GraphQLSchema,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  selectionSet: SelectionSetNode,
  type: GraphQLObjectType,
  into: SelectedField[] = [],
  seen = new Set<string>(),
  conditional = false,
): SelectedField[] {
  for (const selection of selectionSet.selections) {
    const maybe = conditional || (selection.directives?.length ?? 0) > 0;
    if (selection.kind === Kind.FIELD) {
      const responseKey = selection.alias?.value ?? selection.name.value;
      if (!responseKey.startsWith(GATEWAY_ALIAS_PREFIX)) into.push({ responseKey, name: selection.name.value, selectionSet: selection.selectionSet, conditional: maybe });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!selection.typeCondition || applies(schema, selection.typeCondition.name.value, type)) fieldsOn(schema, fragments, selection.selectionSet, type, into, seen, maybe);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      if (applies(schema, fragment.typeCondition.name.value, type)) fieldsOn(schema, fragments, fragment.selectionSet, type, into, seen, maybe);
    }
  }
  return into;
}

/**
 * The response key under which a selection set on objects of `type` always selects the
 * field `name` (no directive on it or on a fragment around it can leave it out, fragments
 * spread), or `undefined` when it does not. The gateway then reads the field's value there
 * instead of adding a hidden selection of it (`addJurisdictionSelections`). @internal
 *
 * ```ts
 * alwaysSelected(schema, fragments, parse('{ a { id name } }')…selectionSet, userType, 'id'); // 'id'
 * ```
 */
export function alwaysSelected(
  schema: GraphQLSchema,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  selectionSet: SelectionSetNode,
  type: GraphQLObjectType,
  name: string,
): string | undefined {
  return fieldsOn(schema, fragments, selectionSet, type).find((field) => field.name === name && !field.conditional)?.responseKey;
}

function applies(schema: GraphQLSchema, condition: string, type: GraphQLObjectType): boolean {
  if (condition === type.name) return true;
  const conditionType = schema.getType(condition);
  return conditionType !== undefined && !isObjectType(conditionType) && schema.isSubType(conditionType as never, type);
}
