import { getNamedType, type GraphQLArgument, type GraphQLSchema } from 'graphql';
import { ConnectorError } from '../../../schema/index.ts';
import { endpointFrom } from '../../sdk/endpoint.ts';
import type { ConnectorManifest } from '../../sdk/manifest.ts';
import type { FilterValue, LegacyRow, SourceAdapter, SourceQuery, SourceRuntime } from '../../sdk/source-kind.ts';
import { createGraphqlClient } from './graphql-client.ts';
import type { GraphqlSource } from './graphql-source.ts';
import { checkRemoteSchema, loadRemoteSchema } from './remote-schema.ts';

type GraphqlManifest = ConnectorManifest & { source: GraphqlSource };

/**
 * Creates the adapter of a `graphql` connector. Every read is one GraphQL request:
 * - a batch of keys (or of a `has` link's field) → one lookup root field, or for a federation
 *   subgraph's key one `_entities(representations:)` call;
 * - a root list → the remote list field, with the equality filters, the jurisdiction prefix
 *   and the page passed as arguments where the manifest names them (the rest is applied here).
 *
 * The remote schema is checked against the catalogue at every probe and before the first
 * read; a mismatch is an `UPSTREAM_BAD_RESPONSE` listing every difference.
 */
export function createGraphqlAdapter(manifest: GraphqlManifest, runtime: SourceRuntime): SourceAdapter {
  const url = endpointFrom(manifest, runtime);
  const headers: Record<string, string> = {};
  for (const [header, variable] of Object.entries(manifest.source.headersFromEnv)) {
    const value = runtime.env[variable];
    if (value) headers[header] = value;
  }
  const client = createGraphqlClient({ connectorId: manifest.id, url, headers, timeoutMs: manifest.timeoutMs, maxResponseBytes: manifest.maxResponseBytes });

  async function verify(signal: AbortSignal): Promise<GraphQLSchema> {
    const schema = await loadRemoteSchema(manifest.id, client, manifest.source.style, signal);
    const mismatches = checkRemoteSchema(manifest, schema);
    if (mismatches.length > 0) {
      throw new ConnectorError(manifest.id, `the remote schema does not match the catalogue: ${mismatches.join('; ')}`, 'UPSTREAM_BAD_RESPONSE', {
        extensions: { mismatches },
      });
    }
    return schema;
  }
  let verified: Promise<GraphQLSchema> | undefined;
  const schemaFor = (signal: AbortSignal): Promise<GraphQLSchema> => {
    const current = (verified ??= verify(signal));
    // A failed check is not remembered: the next read checks again.
    current.catch(() => {
      if (verified === current) verified = undefined;
    });
    return current;
  };

  const from = (type: string, field: string): string => {
    const source = manifest.catalogue[type]!.fields[field]!.from;
    if (typeof source !== 'string') throw new TypeError(`${type}.${field} is a GeoPoint and cannot be filtered on`);
    return source;
  };
  const selectionOf = (type: string): string => {
    const names = new Set<string>();
    for (const field of Object.values(manifest.catalogue[type]!.fields)) {
      if (typeof field.from === 'string') names.add(field.from);
      else names.add(field.from.lat).add(field.from.lng);
    }
    return [...names].join(' ');
  };
  const rowsOf = (data: Record<string, unknown>, rootField: string): LegacyRow[] => {
    const value = data.rows;
    if (!Array.isArray(value)) {
      throw new ConnectorError(manifest.id, `${rootField} answered ${JSON.stringify(value)}, not a list`, 'UPSTREAM_BAD_RESPONSE');
    }
    return value.filter((row) => row !== null) as LegacyRow[];
  };

  /** One variable per argument, typed as the remote schema types it; the text is sent as built, compact like a printed document. */
  function call(schema: GraphQLSchema, rootField: string, args: ReadonlyArray<[name: string, value: unknown]>, selection: string) {
    const field = schema.getQueryType()!.getFields()[rootField]!;
    const definitions: string[] = [];
    const passed: string[] = [];
    const variables: Record<string, unknown> = {};
    args.forEach(([name, value], index) => {
      const argument = field.args.find((candidate) => candidate.name === name)!;
      definitions.push(`$v${index}: ${String(argument.type)}`);
      passed.push(`${name}:$v${index}`);
      variables[`v${index}`] = coerce(argument, value);
    });
    const document = `query CityHub${manifest.source.style === 'federation' ? 'Subgraph' : 'Service'}Read${definitions.length ? `(${definitions.join(', ')})` : ''} { rows: ${rootField}${passed.length ? `(${passed.join(',')})` : ''} { ${selection} } }`;
    return { document, variables };
  }

  return {
    async find(query: SourceQuery): Promise<readonly LegacyRow[]> {
      if (query.in && query.in.values.length === 0) return [];
      const schema = await schemaFor(query.signal);
      const remote = manifest.source.types[query.type]!;
      const remoteName = remote.remoteType ?? query.type;
      const selection = selectionOf(query.type);
      const local: Array<(row: LegacyRow) => boolean> = [];
      let rows: LegacyRow[];
      let pagedRemotely = false;

      if (query.in) {
        const lookup = remote.lookups[query.in.field];
        if (lookup) {
          const { document, variables } = call(schema, lookup.field, [[lookup.argument, query.in.values]], selection);
          rows = rowsOf(await client.request(document, variables, query.signal), lookup.field);
          const name = from(query.type, query.in.field);
          const wanted = new Set(query.in.values.map(String));
          local.push((row) => wanted.has(String(row[name])));
        } else {
          // A federation subgraph's key: check() guarantees no other field gets here.
          const keyFrom = from(query.type, manifest.catalogue[query.type]!.key);
          const representations = query.in.values.map((value) => ({ __typename: remoteName, [keyFrom]: value }));
          const document = `query CityHubEntities($representations: [_Any!]!) { rows: _entities(representations: $representations) { ... on ${remoteName} { ${selection} } } }`;
          rows = rowsOf(await client.request(document, { representations }, query.signal), '_entities');
        }
        for (const [field, value] of Object.entries(query.equals ?? {})) {
          const name = from(query.type, field);
          local.push((row) => String(row[name]) === String(value));
        }
        if (query.within) local.push(withinFilter(from(query.type, query.within.field), query.within.scopes));
      } else {
        const args: Array<[string, unknown]> = [];
        for (const [field, value] of Object.entries(query.equals ?? {})) {
          const argument = remote.list.filters[field];
          if (argument) args.push([argument, value]);
          else {
            const name = from(query.type, field);
            local.push((row) => String(row[name]) === String(value));
          }
        }
        if (query.within) {
          if (remote.list.args.within && query.within.scopes.length === 1) args.push([remote.list.args.within, query.within.scopes[0]]);
          else local.push(withinFilter(from(query.type, query.within.field), query.within.scopes));
        }
        // The page can only be asked of the remote when it filters everything itself.
        if (query.limit !== undefined && local.length === 0 && remote.list.args.first) {
          pagedRemotely = true;
          if (remote.list.args.offset) args.push([remote.list.args.first, query.limit], [remote.list.args.offset, query.offset ?? 0]);
          else args.push([remote.list.args.first, (query.offset ?? 0) + query.limit]);
        }
        const { document, variables } = call(schema, remote.list.field, args, selection);
        rows = rowsOf(await client.request(document, variables, query.signal), remote.list.field);
        if (pagedRemotely && remote.list.args.offset) return rows.slice(0, query.limit);
      }
      const kept = local.length ? rows.filter((row) => local.every((keep) => keep(row))) : rows;
      if (query.limit === undefined) return kept.slice(query.offset ?? 0);
      const skip = query.offset ?? 0;
      return kept.slice(skip, skip + query.limit);
    },
    async probe(signal) {
      const current = verify(signal);
      verified = current;
      current.catch(() => {
        if (verified === current) verified = undefined;
      });
      await current;
    },
    async close() {
      await client.close();
    },
  };
}

function withinFilter(name: string, scopes: readonly string[]): (row: LegacyRow) => boolean {
  return (row) => typeof row[name] === 'string' && scopes.some((scope) => (row[name] as string).startsWith(scope));
}

/** A filter value as the remote argument's scalar expects it (keys travel as strings). */
function coerce(argument: GraphQLArgument, value: unknown): unknown {
  const scalar = getNamedType(argument.type).name;
  const one = (v: unknown): unknown => (scalar === 'Int' || scalar === 'Float' ? Number(v) : scalar === 'Boolean' ? v === true || v === 'true' : typeof v === 'boolean' || typeof v === 'number' ? String(v) : v);
  return Array.isArray(value) ? (value as FilterValue[]).map(one) : one(value);
}
