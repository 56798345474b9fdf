import {
  buildASTSchema,
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { ConnectorError, type FieldType } from '../../../schema/index.ts';
import type { ConnectorManifest } from '../../sdk/manifest.ts';
import type { GraphqlClient } from './graphql-client.ts';
import type { GraphqlSource } from './graphql-source.ts';

/** The remote named types each catalogue type accepts. */
const COMPATIBLE: Readonly<Record<FieldType, readonly string[]>> = {
  ID: ['ID', 'String', 'Int'],
  String: ['String', 'ID'],
  AdminCode: ['AdminCode', 'String', 'ID'],
  Int: ['Int'],
  Float: ['Float', 'Int'],
  Boolean: ['Boolean'],
  DateTime: ['DateTime', 'String'],
  GeoPoint: ['Float', 'Int'], // Checked on each of its two remote fields.
};

/**
 * Reads the schema of a remote GraphQL service: a federation subgraph's SDL from
 * `_service { sdl }`, a plain service's by introspection. An answer that is not a schema is
 * an `UPSTREAM_BAD_RESPONSE`.
 */
export async function loadRemoteSchema(
  connectorId: string,
  client: GraphqlClient,
  style: GraphqlSource['style'],
  signal: AbortSignal,
): Promise<GraphQLSchema> {
  if (style === 'federation') {
    const data = await client.request('query CityHubSubgraphSdl { _service { sdl } }', {}, signal);
    const sdl = (data._service as { sdl?: unknown } | null | undefined)?.sdl;
    if (typeof sdl !== 'string') throw new ConnectorError(connectorId, '_service { sdl } answered no SDL', 'UPSTREAM_BAD_RESPONSE');
    try {
      // Federation directives (@key, @link, …) are not defined in the SDL; only the types matter here.
      return buildASTSchema(parse(sdl), { assumeValidSDL: true });
    } catch (cause) {
      throw new ConnectorError(connectorId, `_service { sdl } answered SDL that does not parse (${(cause as Error).message})`, 'UPSTREAM_BAD_RESPONSE', { cause });
    }
  }
  const data = await client.request(getIntrospectionQuery({ descriptions: false }), {}, signal);
  try {
    return buildClientSchema(data as unknown as IntrospectionQuery);
  } catch (cause) {
    throw new ConnectorError(connectorId, `introspection answered no usable schema (${(cause as Error).message})`, 'UPSTREAM_BAD_RESPONSE', { cause });
  }
}

/**
 * Compares a remote schema with a `graphql` connector's manifest and returns every mismatch
 * as a sentence naming the catalogue type and field, the remote name and both types: the
 * remote types, the remote fields behind each catalogue field (not lists, of a compatible
 * scalar), and the root fields and arguments named in `source.types`.
 */
export function checkRemoteSchema(manifest: ConnectorManifest & { source: GraphqlSource }, schema: GraphQLSchema): string[] {
  const mismatches: string[] = [];
  const rootFields = schema.getQueryType()?.getFields() ?? {};
  for (const [type, def] of Object.entries(manifest.catalogue)) {
    const remote = manifest.source.types[type]!;
    const remoteName = remote.remoteType ?? type;
    const remoteType = schema.getType(remoteName);
    if (!isObjectType(remoteType)) {
      mismatches.push(`${type}: the remote schema has no object type "${remoteName}"`);
      continue;
    }
    const remoteFields = remoteType.getFields();
    for (const [name, field] of Object.entries(def.fields)) {
      const froms = typeof field.from === 'string' ? [field.from] : [field.from.lat, field.from.lng];
      for (const from of froms) {
        const remoteField = remoteFields[from];
        if (!remoteField) {
          mismatches.push(`${type}.${name}: the remote type ${remoteName} has no field "${from}"`);
          continue;
        }
        const named = getNamedType(remoteField.type).name;
        if (isListType(getNullableType(remoteField.type)) || !COMPATIBLE[field.type].includes(named)) {
          mismatches.push(`${type}.${name}: remote ${remoteName}.${from} is ${String(remoteField.type)}, the catalogue declares ${field.type}`);
        }
      }
    }
    const list = rootFields[remote.list.field];
    if (!list) mismatches.push(`${type}: the remote Query has no list field "${remote.list.field}"`);
    else {
      checkReturns(mismatches, type, list, remoteName);
      const args = [...Object.values(remote.list.args), ...Object.values(remote.list.filters)].filter((a): a is string => !!a);
      checkArguments(mismatches, type, list, args);
    }
    for (const [field, lookup] of Object.entries(remote.lookups)) {
      const root = rootFields[lookup.field];
      if (!root) {
        mismatches.push(`${type}: the remote Query has no lookup field "${lookup.field}" (for ${field})`);
        continue;
      }
      checkReturns(mismatches, type, root, remoteName);
      checkArguments(mismatches, type, root, [lookup.argument]);
      const argument = root.args.find((a) => a.name === lookup.argument);
      if (argument && !isListType(getNullableType(argument.type))) {
        mismatches.push(`${type}: argument ${lookup.field}(${lookup.argument}) is ${String(argument.type)}, a lookup takes a list`);
      }
    }
  }
  return mismatches;
}

function checkReturns(mismatches: string[], type: string, field: GraphQLField<unknown, unknown>, remoteName: string): void {
  if (!isListType(getNullableType(field.type)) || getNamedType(field.type).name !== remoteName) {
    mismatches.push(`${type}: remote Query.${field.name} is ${String(field.type)}, expected a list of ${remoteName}`);
  }
}

function checkArguments(mismatches: string[], type: string, field: GraphQLField<unknown, unknown>, names: readonly string[]): void {
  for (const name of names) {
    if (!field.args.some((argument) => argument.name === name)) mismatches.push(`${type}: remote Query.${field.name} has no argument "${name}"`);
  }
}
