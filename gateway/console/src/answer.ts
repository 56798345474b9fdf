import { buildSchema, getNamedType, isListType, isNonNullType, isObjectType, isInterfaceType, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLOutputType, type GraphQLSchema, type SelectionSetNode, type GraphQLCompositeType } from 'graphql';
import type { GraphQLErrorShape } from './hub.ts';

/**
 * How the console reads a scenario's answer: the columns of each root field from the
 * operation's own selections, which of them hold personal data (their descriptions in the
 * hub's SDL say "Sensitivity: personal"), and where governance withheld a field (a
 * `FORBIDDEN` error with the path it was withheld at).
 */

/** One column of an answer table: a scalar at a path under the row, or a nested list of rows. */
export interface AnswerColumn {
  /** Response keys from the row down (aliases as answered). */
  readonly path: readonly string[];
  /** The path from the root, without list indices: how errors and masking are matched. */
  readonly pattern: string;
  /** The field's description in the hub's schema marks it personal: a value with `*` in it was masked. */
  readonly personal: boolean;
  /** A list of objects: shown as a table of its own. */
  readonly nested?: readonly AnswerColumn[];
  /** The field's named type. */
  readonly typeName: string;
}

/** A root field of the operation and its columns. */
export interface AnswerRoot {
  readonly key: string;
  /** A list field: its items are the rows. Otherwise the one row is the whole answer (columns' paths start at the field). */
  readonly list: boolean;
  /** The GraphQL type of the field's items (`District`). */
  readonly typeName: string;
  readonly columns: readonly AnswerColumn[];
}

/** The schema from the hub's SDL (`GET /schema.graphql` as the viewer). */
export function schemaFromSdl(sdl: string): GraphQLSchema {
  return buildSchema(sdl, { assumeValidSDL: true });
}

/** The root fields of one operation with their columns, read against the schema; throws a `TypeError` naming what is wrong. */
export function answerShape(schema: GraphQLSchema, documentText: string, operationName: string): AnswerRoot[] {
  const document: DocumentNode = parse(documentText);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operationName);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) throw new TypeError(`the document has no operation ${operationName}`);
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) throw new TypeError(`the schema has no ${operation.operation} type`);
  return columnsOf(schema, fragments, operation.selectionSet, root, []).map((column) => ({
    key: column.path[0]!,
    list: column.nested !== undefined,
    typeName: column.typeName,
    // A root field of objects lists its own columns; a scalar root field is one column.
    columns: column.nested ?? (column.objectColumns ? column.objectColumns : [column]),
  }));
}

interface WalkedColumn extends AnswerColumn {
  /** A single (non-list) object's columns, flattened into the parent's by the caller. */
  readonly objectColumns?: readonly AnswerColumn[];
}

// `parent` is undefined below a field the viewer's schema does not show (the hub withholds
// such fields as a whole): its columns are still listed, as neither personal nor lists.
function columnsOf(schema: GraphQLSchema, fragments: Map<string, FragmentDefinitionNode>, selectionSet: SelectionSetNode, parent: GraphQLCompositeType | undefined, prefix: readonly string[]): WalkedColumn[] {
  const columns: WalkedColumn[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) throw new TypeError(`the document spreads an unknown fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`);
      const condition = fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
      columns.push(...columnsOf(schema, fragments, fragment.selectionSet, condition, prefix));
      continue;
    }
    const key = selection.alias?.value ?? selection.name.value;
    const path = [...prefix, key];
    const pattern = path.join('.');
    if (selection.name.value === '__typename') {
      columns.push({ path: [key], pattern, personal: false, typeName: 'String' });
      continue;
    }
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
    if (!field) {
      const column = { path: [key], pattern, personal: false, typeName: '' };
      columns.push(selection.selectionSet ? objectColumn(column, columnsOf(schema, fragments, selection.selectionSet, undefined, path)) : column);
      continue;
    }
    const personal = /Sensitivity: personal/.test(field.description ?? '');
    const named = getNamedType(field.type);
    const typeName = named.name;
    if (!selection.selectionSet || !(isObjectType(named) || isInterfaceType(named) || 'getTypes' in named)) {
      columns.push({ path: [key], pattern, personal, typeName });
      continue;
    }
    const inner = columnsOf(schema, fragments, selection.selectionSet, named as GraphQLCompositeType, path);
    if (isList(field.type)) {
      columns.push({ path: [key], pattern, personal, typeName, nested: inner.flatMap((column) => column.objectColumns ?? [column]) });
    } else {
      columns.push(objectColumn({ path: [key], pattern, personal, typeName }, inner));
    }
  }
  return columns;
}

// A single object: its columns sit in the row, their paths starting at this field.
function objectColumn(column: AnswerColumn, inner: readonly WalkedColumn[]): WalkedColumn {
  const flat = inner.flatMap((walked) => walked.objectColumns ?? [walked]);
  return { ...column, objectColumns: flat.map((walked) => ({ ...walked, path: [column.path[0]!, ...walked.path] })) };
}

function isList(type: GraphQLOutputType): boolean {
  return isNonNullType(type) ? isListType(type.ofType) : isListType(type);
}

/** Where fields were withheld: their patterns (paths without list indices) with the reason given. */
export function withheldPatterns(errors: readonly GraphQLErrorShape[] | undefined): Map<string, string> {
  const withheld = new Map<string, string>();
  for (const error of errors ?? []) {
    if (error.extensions?.code !== 'FORBIDDEN' || !error.path) continue;
    withheld.set(error.path.filter((step) => typeof step === 'string').join('.'), error.message);
  }
  return withheld;
}

/** How one cell shows: a plain value, a masked value, withheld (with why), or nothing there. */
export type Cell = { kind: 'value'; value: string } | { kind: 'masked'; value: string } | { kind: 'withheld'; reason: string } | { kind: 'empty' };

/** The cell of `column` in `row`: withheld when its field, or an object above it, was withheld and came back null. */
export function cellOf(row: unknown, column: AnswerColumn, withheld: ReadonlyMap<string, string>): Cell {
  let value: unknown = row;
  for (const step of column.path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
    if (value === null || value === undefined) break;
  }
  if (value === null || value === undefined) {
    const parts = column.pattern.split('.');
    for (let end = parts.length; end > 0; end--) {
      const reason = withheld.get(parts.slice(0, end).join('.'));
      if (reason !== undefined) return { kind: 'withheld', reason };
    }
    return { kind: 'empty' };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (column.personal && typeof value === 'string' && value.includes('*')) return { kind: 'masked', value: text };
  return { kind: 'value', value: text };
}

/** The nested rows of a list column in a row (an empty list when there are none). */
export function nestedRows(row: unknown, column: AnswerColumn): unknown[] {
  let value: unknown = row;
  for (const step of column.path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  return Array.isArray(value) ? value : [];
}
