import type { SourceKind } from '../../sdk/source-kind.ts';
import { createGraphqlAdapter } from './graphql-adapter.ts';
import { graphqlSourceSchema, type GraphqlSource } from './graphql-source.ts';

/**
 * The `graphql` source kind: a department's existing GraphQL service (a plain service read
 * through lookup root fields, or an Apollo Federation subgraph read through `_entities`).
 *
 * `check` verifies what can be known without the network: every catalogued type has an
 * entry in `source.types`, lookups and list filters name catalogue fields, and every field
 * the city batches on can be batch-loaded (a lookup, or the key of a federation subgraph).
 * The remote schema itself is checked at every probe (see {@link checkRemoteSchema}).
 */
export const graphqlKind: SourceKind<GraphqlSource> = {
  kind: 'graphql',
  sourceSchema: graphqlSourceSchema,
  check(manifest) {
    const issues: Array<[string, string]> = [];
    const { source } = manifest;
    for (const [type, def] of Object.entries(manifest.catalogue)) {
      const remote = source.types[type];
      if (!remote) {
        issues.push([`source.types.${type}`, `names no remote type for the catalogued type ${type}`]);
        continue;
      }
      const at = `source.types.${type}`;
      for (const field of Object.keys(remote.list.filters)) {
        if (!def.fields[field]) issues.push([`${at}.list.filters.${field}`, `${field} is not a field of ${type}`]);
      }
      for (const field of Object.keys(remote.lookups)) {
        if (!def.fields[field]) issues.push([`${at}.lookups.${field}`, `${field} is not a field of ${type}`]);
        else if (typeof def.fields[field]!.from !== 'string') issues.push([`${at}.lookups.${field}`, `${type}.${field} is a GeoPoint and cannot be looked up`]);
      }
      for (const field of batchedFields(manifest, type)) {
        if (remote.lookups[field]) continue;
        if (source.style === 'federation' && field === def.key) continue;
        const why = field === def.key ? `${field}, its key` : `${field}, which a link batches on`;
        issues.push([
          `${at}.lookups.${field}`,
          source.style === 'federation'
            ? `names no lookup root field for ${type}.${why}; only the key is loaded through _entities`
            : `names no lookup root field for ${type}.${why}`,
        ]);
      }
    }
    for (const type of Object.keys(source.types)) {
      if (!manifest.catalogue[type]) issues.push([`source.types.${type}`, `${type} is not a catalogued type`]);
    }
    return issues;
  },
  createAdapter: createGraphqlAdapter,
};

/** The fields of `type` the subschema loads in batches: its key, and what `has` links join on. */
function batchedFields(manifest: Parameters<SourceKind['check']>[0], type: string): Set<string> {
  const def = manifest.catalogue[type]!;
  const fields = new Set([def.key]);
  for (const link of manifest.links) {
    if (link.kind === 'has' && link.target === type) fields.add(link.by);
    if (link.kind === 'ref' && link.target === type && link.targetKey) fields.add(link.targetKey);
  }
  return fields;
}

export { createGraphqlClient, transportErrorOf } from './graphql-client.ts';
export type { GraphqlClient, GraphqlClientOptions } from './graphql-client.ts';
export { graphqlSourceSchema } from './graphql-source.ts';
export type { GraphqlRemoteType, GraphqlSource } from './graphql-source.ts';
export { checkRemoteSchema, loadRemoteSchema } from './remote-schema.ts';
