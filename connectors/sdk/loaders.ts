import DataLoader from 'dataloader';
import { ConnectorError } from '../../schema/index.ts';
import { callSource } from './call-source.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { ConnectorManifest } from './manifest.ts';
import { legacyKeyOf, mapRowOrError, type CityRow } from './rows.ts';
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

/**
 * Creates the per-request loaders of a connector. A batch function returns one entry per
 * key, in key order: the matching rows (possibly none, a malformed one as its error), or
 * the `Error` of the failed call for every key of that batch.
 */
export function createConnectorLoaders(
  manifest: ConnectorManifest,
  adapter: SourceAdapter,
  options: {
    readonly within?: (type: string) => SourceQuery['within'];
    readonly breaker?: CircuitBreaker;
    /** Sees each batch's read start and end (metrics, traces). @default none */
    readonly onSourceRead?: SourceRuntime['onSourceRead'];
  } = {},
): ConnectorLoaders {
  const loaders = new Map<string, RowsLoader>();
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
            const done = options.onSourceRead?.({ connector: manifest.id, type, batchSize: keys.length });
            let legacyRows: readonly LegacyRow[];
            try {
              legacyRows = await callSource(manifest.id, manifest.timeoutMs, (signal) =>
                adapter.find({ type, in: { field, values: keys }, ...(within ? { within } : {}), signal }),
                { breaker: options.breaker },
              );
            } catch (error) {
              // callSource turns every failure into a ConnectorError; anything else is reported as one.
              done?.({ error: error instanceof ConnectorError ? error : new ConnectorError(manifest.id, 'the read failed', 'UPSTREAM_UNAVAILABLE', { cause: error }) });
              throw error;
            }
            done?.({ rows: legacyRows.length });
            const byValue = new Map<string, Array<CityRow | ConnectorError>>();
            for (const legacy of legacyRows) {
              const row = mapRowOrError(manifest, type, legacy);
              // A malformed row is an error for the key it belongs to (read from its raw
              // value); like any row, it is dropped when it matches no key asked for.
              const value = row instanceof Error ? legacyKeyOf(manifest, type, field, legacy) : String(row[field]);
              if (value === undefined) continue;
              const bucket = byValue.get(value);
              if (bucket) bucket.push(row);
              else byValue.set(value, [row]);
            }
            return keys.map((key) => byValue.get(String(key)) ?? []);
          },
          { cacheKeyFn: (key) => String(key), maxBatchSize: 1000 },
        );
        loaders.set(id, loader);
      }
      return loader;
    },
  };
}
