import {
  Kind,
  TypeInfo,
  isAbstractType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type InlineFragmentNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { GovernanceError } from '../../schema/index.ts';
import type { GovernanceCatalogue } from './governance-catalogue.ts';
import { JURISDICTION_ALIAS } from './govern-city-schema.ts';

/**
 * Adds `_cityhubJurisdiction: <jurisdiction field>` to every selection set of a catalogued
 * type in an operation (and, for an interface or union, an inline fragment per catalogued
 * member), so every row the gateway resolves carries its jurisdiction code even when the
 * client did not select it. Stitching forwards the alias to whichever department holds the
 * field, so merged rows carry it too.
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
            if (governed && parent.getFields()[governed.jurisdiction]) added.push(jurisdictionField(governed.jurisdiction));
          } else if (isAbstractType(parent)) {
            for (const member of schema.getPossibleTypes(parent)) {
              const governed = catalogue.get(member.name);
              if (governed && member.getFields()[governed.jurisdiction]) added.push(inlineFragment(member.name, governed.jurisdiction));
            }
          }
          return added.length === 0 ? undefined : ({ ...node, selections: [...node.selections, ...added] } satisfies SelectionSetNode);
        },
      },
    }),
  );
}

function jurisdictionField(field: string): FieldNode {
  return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: JURISDICTION_ALIAS }, name: { kind: Kind.NAME, value: field } };
}

function inlineFragment(typeName: string, field: string): InlineFragmentNode {
  return {
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeName } },
    selectionSet: { kind: Kind.SELECTION_SET, selections: [jurisdictionField(field)] },
  };
}

/**
 * Removes the gateway's `_cityhubJurisdiction` entries from a result's data, in place.
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
    for (const key in record) {
      const child = record[key];
      if (typeof child === 'object' && child !== null) stripJurisdictionSelections(child);
    }
  }
}
