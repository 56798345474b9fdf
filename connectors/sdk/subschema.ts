import type { GraphQLSchema } from 'graphql';
import { GatewayError, createCityBuilder, lookupFieldName, sharedKeyType, type FieldType } from '../../schema/index.ts';
import { callSource } from './call-source.ts';
import { describeCataloguedField, describeCataloguedType } from './catalogue-descriptions.ts';
import { createConnectorLoaders, type ConnectorLoaders } from './loaders.ts';
import { bypassesSourceCache, listCacheKey, sourceCacheFor, type SourceCache } from './source-cache.ts';
import { intersectScopes, sourceScopeOf } from './source-scope.ts';
import {
  defaultListField,
  defaultSingleField,
  resolveTypeKey,
  typeKeyOf,
  type ConnectorManifest,
  type ManifestLink,
} from './manifest.ts';
import { mapRow, mapRowOrError, type CityRow } from './rows.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { FilterValue, LegacyRow, SourceAdapter, SourceRuntime } from './source-kind.ts';

/** Largest page a root list returns. */
export const MAX_PAGE_SIZE = 1000;
/** Page size of a root list when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 100;

type OutputType = FieldType | 'GeoPoint';

/** One read a connector sent to its legacy system. */
export interface UpstreamCall {
  readonly connector: string;
  readonly type: string;
  /** How many keys the batch carried, for batched reads. */
  readonly batchSize?: number;
}

/** Options of {@link buildConnectorSubschema}. */
export interface BuildSubschemaOptions {
  /** Called for every read sent to the legacy system (metrics, tests counting calls). */
  readonly onUpstreamCall?: (call: UpstreamCall) => void;
  /** The connector's circuit breaker, shared by every read (see `createCircuitBreaker`). @default none */
  readonly breaker?: CircuitBreaker;
  /**
   * The connector's source cache (see {@link SourceCache}): used by reads when the manifest
   * sets `cacheTtlSeconds`, never by subscriptions or requests that bypass it. @default none
   */
  readonly cache?: SourceCache;
  /** Sees each batched read start and end (see `SourceRuntime.onSourceRead`). @default none */
  readonly onSourceRead?: SourceRuntime['onSourceRead'];
}

function instrumentAdapter(manifest: ConnectorManifest, adapter: SourceAdapter, onCall?: (call: UpstreamCall) => void): SourceAdapter {
  if (!onCall) return adapter;
  return {
    ...adapter,
    find(query) {
      onCall({ connector: manifest.id, type: query.type, batchSize: query.in?.values.length });
      return adapter.find(query);
    },
  };
}

/**
 * Builds a connector's subschema from its manifest, code-first with the city's Pothos
 * builder:
 * - for each catalogued type: the object type, a root list (`elderlyResidents(where, within,
 *   first, offset)`, filters pushed down to the source), a root single-row field
 *   (`elderlyResident(personId)`), and the hidden batch lookup `_lookupElderlyResident(keys)`
 *   the gateway merges on;
 * - for each link: the field it adds, and for another department's type a stub carrying
 *   only its key (with its own `_lookup` when the link adds fields to it).
 *
 * Every read goes through per-request dataloaders, so a list of N parents costs one upstream
 * call per source and level.
 */
export function buildConnectorSubschema(
  manifest: ConnectorManifest,
  adapter: SourceAdapter,
  options: BuildSubschemaOptions = {},
): GraphQLSchema {
  const instrumented = instrumentAdapter(manifest, adapter, options.onUpstreamCall);
  const builder = createCityBuilder();
  // Private: loaders live as long as the request's context object, never longer.
  const perRequest = new WeakMap<object, ConnectorLoaders>();
  const loadersFor = (context: object): ConnectorLoaders => {
    let loaders = perRequest.get(context);
    if (!loaders) {
      const cache = sourceCacheFor(manifest, options.cache, context);
      loaders = createConnectorLoaders(manifest, instrumented, {
        breaker: options.breaker,
        ...(cache ? { cache } : {}),
        // A stream's context outlives its events: its loaders batch, but never answer one
        // event with the rows read for an earlier one.
        memoize: !bypassesSourceCache(context),
        onSourceRead: options.onSourceRead,
        within: (type) => withinOf(undefined, sourceScopeOf(context, manifest.id, type), manifest.catalogue[type]?.jurisdiction ?? ''),
      });
      perRequest.set(context, loaders);
    }
    return loaders;
  };

  const refs = new Map<string, ReturnType<typeof builder.objectRef<CityRow>>>();
  const refFor = (type: string) => {
    let ref = refs.get(type);
    if (!ref) {
      ref = builder.objectRef<CityRow>(type);
      refs.set(type, ref);
    }
    return ref;
  };

  const linksOn = new Map<string, ManifestLink[]>();
  for (const link of manifest.links) linksOn.set(link.on, [...(linksOn.get(link.on) ?? []), link]);
  const foreignTypes = new Set<string>();
  for (const link of manifest.links) {
    if (!manifest.catalogue[link.on]) foreignTypes.add(link.on);
    if (!manifest.catalogue[link.target]) foreignTypes.add(link.target);
  }

  const linkFields = (t: any, type: string) =>
    Object.fromEntries(
      (linksOn.get(type) ?? []).map((link) => {
        if (link.kind === 'has') {
          const parentKey = resolveTypeKey(manifest.catalogue, link.on, link.onKey)!;
          const resolve = async (parent: CityRow, _args: unknown, context: object) => {
            const rows = await loadersFor(context).rowsBy(link.target, link.by).load(parent[parentKey] as FilterValue);
            return link.list ? rows : firstRow(rows);
          };
          return [
            link.field,
            t.field({
              type: link.list ? [refFor(link.target)] : refFor(link.target),
              // A list from another system is null (not empty) when that system fails, so the
              // failure cannot be mistaken for "none" and does not null the parent; a row the
              // system answered malformed is null with its error, and the others are served.
              nullable: link.list ? { list: true, items: true } : true,
              description: link.description,
              resolve,
            }),
          ];
        }
        const targetKey = resolveTypeKey(manifest.catalogue, link.target, link.targetKey)!;
        const own = manifest.catalogue[link.target];
        return [
          link.field,
          t.field({
            type: refFor(link.target),
            nullable: true,
            description: link.description,
            resolve: async (parent: CityRow, _args: unknown, context: object) => {
              const key = parent[link.from];
              if (key === null || key === undefined) return null;
              if (!own) return { [targetKey]: key }; // A stub: the gateway fetches the rest from its department.
              return firstRow(await loadersFor(context).rowsBy(link.target, targetKey).load(key as FilterValue));
            },
          }),
        ];
      }),
    );

  // Catalogued types.
  for (const [type, def] of Object.entries(manifest.catalogue)) {
    refFor(type).implement({
      description: describeCataloguedType(manifest, type),
      fields: (t) => ({
        ...Object.fromEntries(
          Object.entries(def.fields).map(([name, field]) => [
            name,
            t.field({
              type: field.type as OutputType as 'String',
              nullable: field.nullable,
              description: describeCataloguedField(manifest, type, name),
              resolve: (row) => row[name] as string,
            }),
          ]),
        ),
        ...linkFields(t, type),
      }),
    });
  }

  // Other departments' types this connector points at or adds fields to: stubs holding the key.
  for (const type of foreignTypes) {
    const key = typeKeyOf(manifest, type)!;
    refFor(type).implement({
      fields: (t) => ({
        [key]: t.field({ type: sharedKeyType(type), nullable: false, resolve: (row) => row[key] as string }),
        ...linkFields(t, type),
      }),
    });
  }

  builder.queryType({
    fields: (t) => {
      const fields: Record<string, any> = {};
      for (const [type, def] of Object.entries(manifest.catalogue)) {
        const filterInput = def.filters.length
          ? builder.inputType(`${type}Filter`, {
              description: `Equality filters on ${type}, pushed down to the ${manifest.names.en}.`,
              fields: (f) =>
                Object.fromEntries(
                  def.filters.map((name) => [name, f.field({ type: scalarInput(def.fields[name]!.type) as 'String', required: false })]),
                ),
            })
          : undefined;
        const keyType = def.fields[def.key]!.type;
        fields[def.listField ?? defaultListField(type)] = t.field({
          type: [refFor(type)],
          // A malformed legacy row is null with its error; the other rows are served.
          nullable: { list: true, items: true },
          description: `${type} rows of the ${manifest.names.en}, at most \`first\` (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).`,
          args: {
            ...(filterInput ? { where: t.arg({ type: filterInput }) } : {}),
            within: t.arg({ type: 'AdminCode', description: `Only rows whose ${def.jurisdiction} lies within this code.` }),
            in: t.arg({ type: [scalarInput(keyType)] as ['String'], required: false, description: `Only the rows whose ${def.key} is one of these (at most ${MAX_PAGE_SIZE}), read as lookups by ${def.key}.` }),
            first: t.arg.int({ defaultValue: DEFAULT_PAGE_SIZE }),
            offset: t.arg.int({ defaultValue: 0 }),
          },
          resolve: async (
            _root: unknown,
            args: { where?: Record<string, FilterValue | null | undefined> | null; within?: string | null; in?: readonly FilterValue[] | null; first?: number | null; offset?: number | null },
            context: object,
          ) => {
            const first = checkRange('first', args.first ?? DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
            const offset = checkRange('offset', args.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
            const equals = Object.fromEntries(Object.entries(args.where ?? {}).filter(([, v]) => v !== null && v !== undefined)) as Record<string, FilterValue>;
            // graphql-js reports an `Error` item as that item's error, at its index.
            if (args.in) return (await rowsWithKeys(loadersFor(context), type, def.key, def.jurisdiction, { keys: args.in, equals, within: args.within ?? undefined, first, offset })) as CityRow[];
            const within = withinOf(args.within ? [args.within] : undefined, sourceScopeOf(context, manifest.id, type), def.jurisdiction);
            // A request whose pushed-down scope excludes every row needs no upstream call.
            if (within?.scopes.length === 0) return [];
            // A page is cached as read, under its filters, scope and bounds: one jurisdiction's
            // page is never another's.
            const cache = sourceCacheFor(manifest, options.cache, context);
            const key = listCacheKey({ type, equals, within, limit: first, offset });
            const cached = cache ? (await cache.getMany([key]))[0] : undefined;
            const rows =
              cached ??
              (await callSource(manifest.id, manifest.timeoutMs, (signal) => instrumented.find({ type, equals, within, limit: first, offset, signal }), {
                breaker: options.breaker,
              }));
            if (cache && !cached) await cache.setMany([[key, rows]], manifest.cacheTtlSeconds);
            // graphql-js reports an `Error` item as that item's error, at its index.
            return rows.map((row) => mapRowOrError(manifest, type, row)) as CityRow[];
          },
        });
        fields[def.singleField ?? defaultSingleField(type)] = t.field({
          type: refFor(type),
          nullable: true,
          description: `One ${type} by its ${def.key}.`,
          args: { [def.key]: t.arg({ type: scalarInput(keyType) as 'String', required: true }) },
          resolve: async (_root: unknown, args: Record<string, FilterValue>, context: object) =>
            firstRow(await loadersFor(context).rowsBy(type, def.key).load(args[def.key]!)),
        });
        fields[lookupFieldName(type)] = lookupField(t, type, (keys, context) =>
          loadersFor(context)
            .rowsBy(type, def.key)
            .loadMany(keys)
            .then((results) => results.map((rows) => (rows instanceof Error ? rows : (rows[0] ?? null)))),
        );
      }
      for (const type of foreignTypes) {
        if (!linksOn.has(type)) continue; // A pure reference target needs no lookup here.
        const key = typeKeyOf(manifest, type)!;
        fields[lookupFieldName(type)] = lookupField(t, type, async (keys) => keys.map((value) => ({ [key]: value })));
      }
      return fields;
    },
  });

  // Streaming sources (mqtt) offer subscription fields: one per stream the adapter declares.
  const eventFields = adapter.eventFields ?? [];
  if (eventFields.length > 0) {
    if (!adapter.subscribe) throw new TypeError(`connector "${manifest.id}" declares subscription fields but its adapter has no subscribe()`);
    const subscribe = adapter.subscribe.bind(adapter);
    builder.subscriptionType({
      fields: (t: any) =>
        Object.fromEntries(
          eventFields.map((event) => {
            const def = manifest.catalogue[event.type];
            if (!def) throw new TypeError(`connector "${manifest.id}" declares subscription field ${event.field} of uncatalogued type ${event.type}`);
            return [
              event.field,
              t.field({
                type: refFor(event.type),
                nullable: false,
                description: event.description,
                args: { within: t.arg({ type: 'AdminCode', description: `Only rows whose ${def.jurisdiction} lies within this code.` }) },
                // The request's pushed-down row scope narrows a stream as it narrows a read.
                subscribe: (_root: unknown, args: { within?: string | null }, context: object) =>
                  subscribe({
                    type: event.type,
                    event: event.event,
                    within: withinOf(args.within ? [args.within] : undefined, sourceScopeOf(context, manifest.id, event.type), def.jurisdiction),
                  }),
                resolve: (row: LegacyRow) => mapRow(manifest, event.type, row),
              }),
            ];
          }),
        ),
    });
  }

  function lookupField(t: any, type: string, load: (keys: string[], context: object) => Promise<Array<CityRow | Error | null>>) {
    return t.field({
      type: [refFor(type)],
      nullable: { list: false, items: true },
      description: `Internal: resolves a batch of ${type} keys for the gateway, one entry per key in key order.`,
      args: { keys: t.arg.stringList({ required: true }) },
      resolve: (_root: unknown, args: { keys: string[] }, context: object) => load(args.keys, context),
    });
  }

  return builder.toSchema();
}

// Private: the one row of a key, thrown when the legacy system answered it malformed.
function firstRow(rows: ReadonlyArray<CityRow | Error>): CityRow | null {
  const row = rows[0];
  if (row instanceof Error) throw row;
  return row ?? null;
}

// Private: a root list's rows whose key is one of `keys` (each key read through the
// request's loaders, batched and scoped like a lookup by key), in the order of the keys,
// then narrowed by the list's other filters and paged. A malformed row stays an error item.
async function rowsWithKeys(
  loaders: ConnectorLoaders,
  type: string,
  key: string,
  jurisdiction: string,
  query: { keys: readonly FilterValue[]; equals: Readonly<Record<string, FilterValue>>; within: string | undefined; first: number; offset: number },
): Promise<Array<CityRow | Error>> {
  const keys = [...new Set(query.keys)];
  checkRange('the number of keys in `in`', keys.length, 0, MAX_PAGE_SIZE);
  const found = await loaders.rowsBy(type, key).loadMany(keys);
  const rows: Array<CityRow | Error> = [];
  for (const result of found) {
    if (result instanceof Error) rows.push(result);
    else rows.push(...result);
  }
  const { equals, within } = query;
  const matching = rows.filter(
    (row) =>
      row instanceof Error ||
      (Object.entries(equals).every(([field, value]) => row[field] === value) && (within === undefined || String(row[jurisdiction] ?? '').startsWith(within))),
  );
  return matching.slice(query.offset, query.offset + query.first);
}

function scalarInput(type: FieldType): string {
  if (type === 'GeoPoint') throw new TypeError('GeoPoint fields cannot be filters or keys');
  return type;
}

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GatewayError(`${name} must be an integer from ${min} to ${max}, received ${value}`, 'BAD_USER_INPUT', 400, {
      extensions: { argument: name },
    });
  }
  return value;
}

// Private: the `within` of a read, from the client's argument and the request's pushed-down scope.
function withinOf(requested: readonly string[] | undefined, pushed: readonly string[] | undefined, field: string) {
  const scopes = intersectScopes(requested, pushed);
  return scopes === undefined ? undefined : { field, scopes };
}
