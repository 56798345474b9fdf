import { legacyValueAs } from './rows.ts';
import type { ConnectorManifest } from './manifest.ts';
import type { FilterValue, LegacyRow, SourceQuery } from './source-kind.ts';

/**
 * One connector's cache of the legacy rows its reads returned, shared by every request (and,
 * with a shared store such as Redis, by every replica). The gateway hands each connector its
 * own, already namespaced by connector and registered version (`SourceRuntime.sourceCache`),
 * so the keys the SDK writes name only the type and the read.
 *
 * It sits below governance: it holds what the legacy system answered, before the row and
 * column policies run, and every request applies them to cached rows as to fresh ones.
 * A cache must never fail a read: a store that cannot answer answers misses, and a write
 * that fails is dropped (the implementation reports the outage).
 *
 * ```ts
 * const [rows] = await cache.getMany(['ElderlyResident.personId=P1']);
 * if (rows === undefined) await cache.setMany([['ElderlyResident.personId=P1', fetched]], manifest.cacheTtlSeconds);
 * ```
 */
export interface SourceCache {
  /** The rows stored under each key, in key order; `undefined` for a miss. Never rejects. */
  getMany(keys: readonly string[]): Promise<ReadonlyArray<readonly LegacyRow[] | undefined>>;
  /** Stores each entry's rows for `ttlSeconds`. Never rejects. */
  setMany(entries: ReadonlyArray<readonly [key: string, rows: readonly LegacyRow[]]>, ttlSeconds: number): Promise<void>;
}

/**
 * Where a request context says its reads must not use the source cache (neither read nor
 * written), nor answer a key from the rows loaded for it earlier in the same context: the
 * gateway sets it on every subscription's context, which lives as long as the stream, so
 * each event's rows, and the rows joined to them, come from the legacy systems.
 */
export const SOURCE_CACHE_BYPASS: unique symbol = Symbol.for('cityhub.sourceCacheBypass');

/** Whether a request context asks its reads to bypass the source cache (see {@link SOURCE_CACHE_BYPASS}). */
export function bypassesSourceCache(context: unknown): boolean {
  return typeof context === 'object' && context !== null && (context as { [SOURCE_CACHE_BYPASS]?: unknown })[SOURCE_CACHE_BYPASS] === true;
}

/**
 * The cache a connector's reads use for one request: the connector's cache when its manifest
 * sets a `cacheTtlSeconds` and the request does not bypass it, else none.
 */
export function sourceCacheFor(manifest: ConnectorManifest, cache: SourceCache | undefined, context: unknown): SourceCache | undefined {
  return cache && manifest.cacheTtlSeconds > 0 && !bypassesSourceCache(context) ? cache : undefined;
}

/**
 * The cache key of the rows of `type` whose `field` equals `value` (a batched lookup): the
 * rows of one key, whatever row scope the request pushes down, which the SDK applies to the
 * cached rows itself (see {@link withinScope}).
 *
 * ```ts
 * keyedCacheKey('ElderlyResident', 'personId', 'P1'); // 'ElderlyResident.personId=s:P1'
 * ```
 */
export function keyedCacheKey(type: string, field: string, value: FilterValue): string {
  return `${type}.${field}=${canonicalValue(value)}`;
}

/**
 * The cache key of one root-list read, in a canonical form: the same filters, scope and page
 * always give the same key, whatever order they were written in. The pushed-down scope is
 * part of it, so a page read for one jurisdiction is never served to another.
 */
export function listCacheKey(query: Pick<SourceQuery, 'type' | 'equals' | 'within' | 'limit' | 'offset'>): string {
  const equals = Object.entries(query.equals ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([field, value]) => [field, canonicalValue(value)]);
  const within = query.within ? { field: query.within.field, scopes: [...new Set(query.within.scopes)].sort() } : null;
  return `${query.type}?${JSON.stringify({ equals, within, limit: query.limit ?? null, offset: query.offset ?? 0 })}`;
}

/**
 * Whether a legacy row lies within a pushed-down scope: its jurisdiction value, read as the
 * catalogue reads it, starts with one of the scope's codes. The same test every source kind
 * pushes down, applied to rows that were read (and cached) without the scope.
 */
export function withinScope(manifest: ConnectorManifest, type: string, within: SourceQuery['within'], row: LegacyRow): boolean {
  if (!within) return true;
  const field = manifest.catalogue[type]?.fields[within.field];
  if (!field || typeof field.from !== 'string') return false;
  const value = legacyValueAs(field.type, row[field.from]);
  return typeof value === 'string' && within.scopes.some((scope) => value.startsWith(scope));
}

// Private: a filter value spelled with its type, so the key 1 and the key "1" differ.
function canonicalValue(value: FilterValue): string {
  return `${typeof value === 'number' ? 'n' : typeof value === 'boolean' ? 'b' : 's'}:${String(value)}`;
}
