import { getNamedType, isObjectType, printSchema, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema, pruneSchema } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';
import type { ConnectorManifest } from '../connectors/index.ts';
import { GovernanceError } from '../schema/index.ts';
import { ANONYMOUS, isGovernmentPrincipal, isResident, type IdentityVerifier, type Principal } from '../governance/index.ts';
import { isAuditor } from './governance/index.ts';

/** Where {@link useSchemaSdl} serves the schema as SDL. */
export const SCHEMA_SDL_PATH = '/schema.graphql';

/** Options of {@link useSchemaSdl}. */
export interface SchemaSdlOptions {
  /** The city schema as governance serves it (without the auditors' API). */
  readonly citySchema: () => GraphQLSchema;
  /** The schema served on `/graphql`, the auditors' API included when the audit is on. @default citySchema */
  readonly servedSchema?: () => GraphQLSchema;
  /** The manifests of the running connectors: which catalogued fields are `open`. */
  readonly manifests: () => readonly ConnectorManifest[];
  /** Verifies the caller's `Authorization` header. Without it (no governance) every caller gets the whole schema. */
  readonly verifier?: IdentityVerifier;
  /** The schema a resident is served (their data-subject report only). @default residents get the open data, as public callers */
  readonly residentSchema?: () => GraphQLSchema;
}

/**
 * The schema a principal may use, for SDL export: auditors get the served schema (the
 * auditors' API included), residents their report's schema, other government principals the city schema, and public callers
 * (no token, an app developer) only the `open` catalogued fields and the types still
 * reachable through them. Custom scalars keep their `@specifiedBy` URL.
 *
 * ```ts
 * printSchema(schemaForPrincipal(PERSONAS.appDeveloper, { citySchema, manifests })); // open data only
 * ```
 */
export function schemaForPrincipal(principal: Principal, options: Omit<SchemaSdlOptions, 'verifier'>): GraphQLSchema {
  if (isAuditor(principal)) return (options.servedSchema ?? options.citySchema)();
  if (options.residentSchema && isResident(principal)) return options.residentSchema();
  const schema = options.citySchema();
  if (isGovernmentPrincipal(principal)) return schema;
  return openDataSchema(schema, options.manifests());
}

/**
 * Serves `GET /schema.graphql`: the city schema as SDL, as much of it as the caller's token
 * allows (see {@link schemaForPrincipal}); a token that does not verify answers 401 with the
 * reason, as on `/graphql`.
 *
 * ```ts
 * createCityHub({ …, plugins: [useSchemaSdl({ citySchema, manifests, verifier })] });
 * ```
 */
export function useSchemaSdl(options: SchemaSdlOptions): Plugin {
  const printed = new WeakMap<GraphQLSchema, string>();
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== SCHEMA_SDL_PATH) return;
      if (request.method !== 'GET') {
        endResponse(fetchAPI.Response.json({ error: `${SCHEMA_SDL_PATH} answers GET only, received ${request.method}` }, { status: 405, headers: { allow: 'GET' } }));
        return;
      }
      let principal: Principal = ANONYMOUS;
      if (options.verifier) {
        try {
          principal = await options.verifier.authenticate(request.headers.get('authorization'));
        } catch (error) {
          if (!(error instanceof GovernanceError)) throw error;
          endResponse(fetchAPI.Response.json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] }, { status: 401 }));
          return;
        }
      }
      const schema = options.verifier ? schemaForPrincipal(principal, options) : (options.servedSchema ?? options.citySchema)();
      let sdl = printed.get(schema);
      if (sdl === undefined) {
        sdl = printSchema(schema);
        printed.set(schema, sdl);
      }
      endResponse(new fetchAPI.Response(sdl, { headers: { 'content-type': 'application/graphql; charset=utf-8', vary: 'authorization' } }));
    },
  };
}

// Private: the schema without the catalogued fields that are not `open` and without the
// catalogued types that have no open field (their links alone would show nothing), then
// without the fields whose type was left with no field at all, until nothing changes; pruned.
const openCache = new WeakMap<GraphQLSchema, GraphQLSchema>();
function openDataSchema(schema: GraphQLSchema, manifests: readonly ConnectorManifest[]): GraphQLSchema {
  const cached = openCache.get(schema);
  if (cached) return cached;
  const closed = new Map<string, Set<string>>();
  const catalogued = new Set<string>();
  const withOpenFields = new Set<string>();
  for (const manifest of manifests) {
    for (const [type, def] of Object.entries(manifest.catalogue)) {
      catalogued.add(type);
      if (Object.values(def.fields).some((entry) => entry.sharing === 'open')) withOpenFields.add(type);
      for (const [field, entry] of Object.entries(def.fields)) {
        if (entry.sharing === 'open') continue;
        const fields = closed.get(type) ?? new Set<string>();
        fields.add(field);
        closed.set(type, fields);
      }
    }
  }
  let current = mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => (closed.get(typeName)?.has(fieldName) ? null : field),
  });
  const emptyTypes = () => new Set(Object.values(current.getTypeMap()).filter((type) => isObjectType(type) && Object.keys(type.getFields()).length === 0).map((type) => type.name));
  for (let empty = new Set([...catalogued].filter((type) => !withOpenFields.has(type))); empty.size > 0; empty = emptyTypes()) {
    current = mapSchema(current, {
      [MapperKind.OBJECT_TYPE]: (type) => (empty.has(type.name) ? null : type),
      [MapperKind.OBJECT_FIELD]: (field) => (empty.has(getNamedType(field.type).name) ? null : field),
      [MapperKind.INTERFACE_FIELD]: (field) => (empty.has(getNamedType(field.type).name) ? null : field),
    });
  }
  const result = pruneSchema(current);
  openCache.set(schema, result);
  return result;
}
