import { LRUCache } from 'lru-cache';
import type { LegacyRow } from '../../connectors/index.ts';
import type { SourceCacheStore } from './source-cache-store.ts';

/** Default of {@link MemorySourceCacheStoreOptions.maxRows}. */
export const DEFAULT_SOURCE_CACHE_MAX_ROWS = 100_000;

/** Options of {@link createMemorySourceCacheStore}. */
export interface MemorySourceCacheStoreOptions {
  /**
   * How many rows the store holds at most (each entry counts its rows, and one for itself);
   * past it the least recently used entries are evicted. @default 100000
   */
  readonly maxRows?: number;
}

/**
 * The source cache's in-memory store: an LRU (`lru-cache`) bounded by rows, with a TTL per
 * entry. Entries are the rows as the legacy system answered them, shared by the requests
 * that read them (the SDK maps rows into new objects, never changing them).
 *
 * ```ts
 * const store = createMemorySourceCacheStore({ maxRows: 50_000 });
 * ```
 */
export function createMemorySourceCacheStore(options: MemorySourceCacheStoreOptions = {}): SourceCacheStore {
  const maxRows = options.maxRows ?? DEFAULT_SOURCE_CACHE_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new TypeError(`maxRows must be a positive integer, received ${JSON.stringify(options.maxRows)}`);
  const entries = new LRUCache<string, readonly LegacyRow[]>({ maxSize: maxRows, sizeCalculation: (rows) => rows.length + 1 });
  const keyOf = (namespace: string, key: string) => `${namespace}\u0000${key}`;
  return {
    backend: 'memory',
    async getMany(namespace, keys) {
      return keys.map((key) => entries.get(keyOf(namespace, key)));
    },
    async setMany(namespace, list, ttlSeconds) {
      // An entry larger than the whole store is not kept (lru-cache would refuse it anyway).
      for (const [key, rows] of list) if (rows.length < maxRows) entries.set(keyOf(namespace, key), rows, { ttl: ttlSeconds * 1000 });
    },
    async dropConnector(connectorId) {
      const prefix = `${connectorId}:`;
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
    },
    async clear() {
      entries.clear();
    },
    async close() {
      entries.clear();
    },
  };
}
