import {
  BREAK,
  Kind,
  getNamedType,
  TypeInfo,
  isAbstractType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type InlineFragmentNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { GovernanceError } from '../../schema/index.ts';
import type { GovernanceCatalogue } from './governance-catalogue.ts';
import { alwaysSelected } from './selection-plan.ts';
import { JURISDICTION_ALIAS, KEY_ALIAS, REFERENCE_ALIAS_PREFIX } from './govern-city-schema.ts';

/**
 * Adds `_cityhubJurisdiction: <jurisdiction field>` and `_cityhubKey: <key field>` (unless
 * the selection always selects the key itself) to every selection set of a catalogued type
 * in an operation (and, for an interface or union, an
 * inline fragment per catalogued member), so every row the gateway resolves carries its
 * jurisdiction code (for the row policy) and its key (for the audit) even when the client
 * did not select them. Stitching forwards the alias to whichever department holds the
 * field, so merged rows carry it too. Beside each selected reference field (a link of kind
 * `ref`) it adds `_cityhubRef_<field>: <key field>`, so the row policy can tell a reference
 * to nothing (a null key) from a referenced row it may not show.
 *
 * Throws a `GovernanceError` (`BAD_USER_INPUT`) when the client itself uses an alias that
 * starts with `_cityhub`, which is reserved for the gateway.
 *
 * ```ts
 * const document = addJurisdictionSelections(schema, parse('{ elderlyResidents { name } }'), catalogue);
 * // { elderlyResidents { name _cityhubJurisdiction: gridCode } }
 * ```
 */
export function addJurisdictionSelections(schema: GraphQLSchema, document: DocumentNode, catalogue: GovernanceCatalogue): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.alias?.value.startsWith('_cityhub')) {
          throw new GovernanceError(`the alias "${node.alias.value}" is reserved for the gateway: aliases may not start with "_cityhub"`, 'BAD_USER_INPUT', {
            extensions: { alias: node.alias.value },
          });
        }
      },
      SelectionSet: {
        leave(node) {
          const parent = typeInfo.getParentType();
          if (!parent) return undefined;
          const added: SelectionNode[] = [];
          if (isObjectType(parent)) {
            const governed = catalogue.get(parent.name);
            if (governed) {
              const fields = parent.getFields();
              // A key the caller always selects itself is read where it is (the row's plan
              // names its response key), so it is not selected a second time.
              const keyed = alwaysSelected(schema, fragments, node, parent, governed.type.key) !== undefined;
              added.push(...gatewayFields(fields, governed.jurisdiction, keyed ? undefined : governed.type.key));
              const referenced = new Set<string>();
              for (const selection of node.selections) {
                if (selection.kind !== Kind.FIELD || !Object.hasOwn(governed.references, selection.name.value)) continue;
                const keyField = governed.references[selection.name.value]!;
                // A key field the schema lacks (shared `none`) is not added: the policy then fails closed.
                if (referenced.has(selection.name.value) || !fields[keyField]) continue;
                referenced.add(selection.name.value);
                added.push(aliased(`${REFERENCE_ALIAS_PREFIX}${selection.name.value}`, keyField));
              }
            }
          } else if (isAbstractType(parent)) {
            for (const member of schema.getPossibleTypes(parent)) {
              const governed = catalogue.get(member.name);
              const fields = governed ? gatewayFields(member.getFields(), governed.jurisdiction, governed.type.key) : [];
              if (fields.length > 0) added.push(inlineFragment(member.name, fields));
            }
          }
          return added.length === 0 ? undefined : ({ ...node, selections: [...node.selections, ...added] } satisfies SelectionSetNode);
        },
      },
    }),
  );
}

// Private: the gateway's selections for one catalogued object type (fields the schema lacks, e.g. shared `none`, are skipped).
function gatewayFields(fields: Readonly<Record<string, unknown>>, jurisdiction: string, key: string | undefined): FieldNode[] {
  const added: FieldNode[] = [];
  if (fields[jurisdiction]) added.push(aliased(JURISDICTION_ALIAS, jurisdiction));
  if (key !== undefined && fields[key]) added.push(aliased(KEY_ALIAS, key));
  return added;
}

function aliased(alias: string, field: string): FieldNode {
  return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: field } };
}

function inlineFragment(typeName: string, fields: FieldNode[]): InlineFragmentNode {
  return {
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeName } },
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
}

/**
 * Whether an operation selects any field of a catalogued type, or any field returning one
 * (fragments and abstract types included): whether it reads city data at all.
 *
 * ```ts
 * selectsCataloguedData(schema, parse('{ me { subject } }'), catalogue); // false
 * ```
 */
export function selectsCataloguedData(schema: GraphQLSchema, document: DocumentNode, catalogue: GovernanceCatalogue): boolean {
  const typeInfo = new TypeInfo(schema);
  const catalogued = (name: string | undefined) => {
    if (name === undefined) return false;
    if (catalogue.has(name)) return true;
    const type = schema.getType(name);
    return type !== undefined && isAbstractType(type) && schema.getPossibleTypes(type).some((member) => catalogue.has(member.name));
  };
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (catalogued(typeInfo.getParentType()?.name) || (type && catalogued(getNamedType(type).name))) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return found;
}

/**
 * Removes the gateway's `_cityhubJurisdiction`, `_cityhubKey` and `_cityhubRef_…` entries from a result's data, in place.
 *
 * ```ts
 * stripJurisdictionSelections(result.data);
 * ```
 */
export function stripJurisdictionSelections(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) stripJurisdictionSelections(item);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (Object.hasOwn(record, JURISDICTION_ALIAS)) delete record[JURISDICTION_ALIAS];
    if (Object.hasOwn(record, KEY_ALIAS)) delete record[KEY_ALIAS];
    for (const key in record) {
      if (key.startsWith(REFERENCE_ALIAS_PREFIX)) {
        delete record[key];
        continue;
      }
      const child = record[key];
      if (typeof child === 'object' && child !== null) stripJurisdictionSelections(child);
    }
  }
}
