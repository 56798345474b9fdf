import type { SourceKind } from '../../sdk/source-kind.ts';
import { createRestAdapter } from './rest-adapter.ts';
import { restSourceSchema, type RestSource } from './rest-source.ts';

/** The `rest` source kind: JSON over HTTP, with pagination and legacy field names. */
export const restKind: SourceKind<RestSource> = {
  kind: 'rest',
  sourceSchema: restSourceSchema,
  check(manifest) {
    const issues: Array<[string, string]> = [];
    for (const [type, def] of Object.entries(manifest.catalogue)) {
      const resource = manifest.source.resources[type];
      if (!resource) {
        issues.push([`source.resources.${type}`, `names no resource for the catalogued type ${type}`]);
        continue;
      }
      for (const field of Object.keys(resource.params)) {
        if (!def.fields[field]) issues.push([`source.resources.${type}.params.${field}`, `${field} is not a field of ${type}`]);
      }
    }
    for (const type of Object.keys(manifest.source.resources)) {
      if (!manifest.catalogue[type]) issues.push([`source.resources.${type}`, `${type} is not a catalogued type`]);
    }
    return issues;
  },
  createAdapter: createRestAdapter,
};

export { restSourceSchema } from './rest-source.ts';
export type { RestResource, RestSource } from './rest-source.ts';
