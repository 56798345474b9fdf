import DataLoader from 'dataloader';
import { ConnectorError } from '../../schema/index.ts';
import { callSource } from './call-source.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { ConnectorManifest } from './manifest.ts';
import { legacyKeyOf, mapRowOrError, type CityRow } from './rows.ts';
import { keyedCacheKey, withinScope, type SourceCache } from './source-cache.ts';
import type { FilterValue, LegacyRow, SourceAdapter, SourceQuery, SourceRuntime } from './source-kind.ts';

/**
 * Loads rows of one catalogued type by the value of one of its fields. A row the legacy
 * system answered malformed is its `ConnectorError`, in its place among the key's rows.
 */
export type RowsLoader = DataLoader<FilterValue, ReadonlyArray<CityRow | ConnectorError>, string>;

/** The loaders of one connector for one request. */
export interface ConnectorLoaders {
  /** Rows of `type` whose `field` equals the key: every key of one tick costs one upstream call. */
  rowsBy(type: string, field: string): RowsLoader;
}

/** Options of {@link createConnectorLoaders}. */
export interface ConnectorLoadersOptions {
  /** The request's pushed-down row scope of a type. @default none */
  readonly within?: (type: string) => SourceQuery['within'];
  readonly breaker?: CircuitBreaker;
  /** Sees each read of the legacy system start and end (metrics, traces). @default none */
  readonly onSourceRead?: SourceRuntime['onSourceRead'];
  /**
   * The source cache this request may use (see `sourceCacheFor`): each key's rows are read
   * from it, and only the missing keys are asked of the legacy system. @default none
   */
  readonly cache?: SourceCache;
  /**
   * Whether a key loaded once is answered from the loader for the rest of its context's life.
   * A subscription's context lives as long as the stream, so its loaders only batch (each
   * event's joins are read afresh). @default true
   */
  readonly memoize?: boolean;
}

/**
 * Creates the per-request loaders of a connector. A batch function returns one entry per
 * key, in key order: the matching rows (possibly none, a malformed one as its error), or
 * the `Error` of the failed call for every key of that batch.
 *
 * With a `cache`, the rows of each key are cached whatever the request's row scope: the keys
 * it misses are read without the scope, stored for the manifest's `cacheTtlSeconds`, and the
 * scope is applied here to cached and fresh rows alike, as the source would have applied it.
 * Governance then re-checks every row, as it does for rows read without a cache.
 */
export function createConnectorLoaders(manifest: ConnectorManifest, adapter: SourceAdapter, options: ConnectorLoadersOptions = {}): ConnectorLoaders {
  const loaders = new Map<string, RowsLoader>();
  const read = async (type: string, field: string, values: readonly FilterValue[], within: SourceQuery['within']): Promise<readonly LegacyRow[]> => {
    const done = options.onSourceRead?.({ connector: manifest.id, type, batchSize: values.length });
    let rows: readonly LegacyRow[];
    try {
      rows = await callSource(manifest.id, manifest.timeoutMs, (signal) => adapter.find({ type, in: { field, values }, ...(within ? { within } : {}), signal }), {
        breaker: options.breaker,
      });
    } catch (error) {
      // callSource turns every failure into a ConnectorError; anything else is reported as one.
      done?.({ error: error instanceof ConnectorError ? error : new ConnectorError(manifest.id, 'the read failed', 'UPSTREAM_UNAVAILABLE', { cause: error }) });
      throw error;
    }
    done?.({ rows: rows.length });
    return rows;
  };
  return {
    rowsBy(type, field) {
      const id = `${type}.${field}`;
      let loader = loaders.get(id);
      if (!loader) {
        loader = new DataLoader(
          async (keys) => {
            // The request's pushed-down row scope narrows every batch; an empty scope reads nothing.
            const within = options.within?.(type);
            if (within && within.scopes.length === 0) return keys.map(() => []);
            if (!options.cache) {
              const byKey = groupByKey(manifest, type, field, await read(type, field, keys, within));
              return keys.map((key) => (byKey.get(String(key)) ?? []).map((entry) => entry.row));
            }
            const cacheKeys = keys.map((key) => keyedCacheKey(type, field, key));
            const cached = await options.cache.getMany(cacheKeys);
            const missing = keys.filter((_, index) => cached[index] === undefined);
            const fresh = missing.length > 0 ? groupByKey(manifest, type, field, await read(type, field, missing, undefined)) : new Map<string, GroupedRow[]>();
            await options.cache.setMany(
              missing.map((key) => [keyedCacheKey(type, field, key), (fresh.get(String(key)) ?? []).map((entry) => entry.legacy)] as const),
              manifest.cacheTtlSeconds,
            );
            return keys.map((key, index) => {
              const entries = cached[index]?.map((legacy) => ({ legacy, row: mapRowOrError(manifest, type, legacy) })) ?? fresh.get(String(key)) ?? [];
              return entries.filter((entry) => withinScope(manifest, type, within, entry.legacy)).map((entry) => entry.row);
            });
          },
          { cacheKeyFn: (key) => String(key), maxBatchSize: 1000, cache: options.memoize ?? true },
        );
        loaders.set(id, loader);
      }
      return loader;
    },
  };
}

// Private: a legacy row and its catalogue form (or the error of a malformed one).
interface GroupedRow {
  readonly legacy: LegacyRow;
  readonly row: CityRow | ConnectorError;
}

// Private: the rows of one answer by the value of `field` they hold. A malformed row belongs
// to the key read from its raw value; like any row, it is dropped when it matches no key.
function groupByKey(manifest: ConnectorManifest, type: string, field: string, legacyRows: readonly LegacyRow[]): Map<string, GroupedRow[]> {
  const byValue = new Map<string, GroupedRow[]>();
  for (const legacy of legacyRows) {
    const row = mapRowOrError(manifest, type, legacy);
    const value = row instanceof Error ? legacyKeyOf(manifest, type, field, legacy) : String(row[field]);
    if (value === undefined) continue;
    const bucket = byValue.get(value);
    if (bucket) bucket.push({ legacy, row });
    else byValue.set(value, [{ legacy, row }]);
  }
  return byValue;
}
