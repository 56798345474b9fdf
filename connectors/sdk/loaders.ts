import DataLoader from 'dataloader';
import { callSource } from './call-source.ts';
import type { ConnectorManifest } from './manifest.ts';
import { mapRow, type CityRow } from './rows.ts';
import type { FilterValue, SourceAdapter, SourceQuery } from './source-kind.ts';

/** Loads rows of one catalogued type by the value of one of its fields. */
export type RowsLoader = DataLoader<FilterValue, readonly CityRow[], string>;

/** The loaders of one connector for one request. */
export interface ConnectorLoaders {
  /** Rows of `type` whose `field` equals the key: every key of one tick costs one upstream call. */
  rowsBy(type: string, field: string): RowsLoader;
}

/**
 * Creates the per-request loaders of a connector. A batch function returns one entry per
 * key, in key order: the matching rows (possibly none), or the `Error` of the failed call
 * for every key of that batch.
 */
export function createConnectorLoaders(
  manifest: ConnectorManifest,
  adapter: SourceAdapter,
  options: { readonly within?: (type: string) => SourceQuery['within'] } = {},
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
            const legacyRows = await callSource(manifest.id, manifest.timeoutMs, (signal) =>
              adapter.find({ type, in: { field, values: keys }, ...(within ? { within } : {}), signal }),
            );
            const byValue = new Map<string, CityRow[]>();
            for (const legacy of legacyRows) {
              const row = mapRow(manifest, type, legacy);
              const value = String(row[field]);
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
