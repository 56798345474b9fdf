import type { LegacyRow } from '../../connectors/index.ts';

/**
 * Where the source cache keeps its entries: in memory ({@link createMemorySourceCacheStore})
 * or in Redis ({@link createRedisSourceCacheStore}), behind one interface. Entries live in
 * namespaces (one per connector and registered version, `<connector id>:<revision>`), so a
 * connector's entries can be dropped together. A store may reject when it cannot answer;
 * the hub's source cache turns that into misses.
 */
export interface SourceCacheStore {
  readonly backend: 'memory' | 'redis';
  /** The rows under each key of `namespace`, in key order; `undefined` for a miss. */
  getMany(namespace: string, keys: readonly string[]): Promise<Array<readonly LegacyRow[] | undefined>>;
  /** Stores each entry's rows under `namespace` for `ttlSeconds`. */
  setMany(namespace: string, entries: ReadonlyArray<readonly [key: string, rows: readonly LegacyRow[]]>, ttlSeconds: number): Promise<void>;
  /** Drops every entry of every namespace of `connectorId`. */
  dropConnector(connectorId: string): Promise<void>;
  /** Drops every entry (benchmarks measuring a cold cache). */
  clear(): Promise<void>;
  /** Releases the store's connection. */
  close(): Promise<void>;
}

/** The namespace of one connector's registered version: `<connector id>:<revision>`. */
export function sourceCacheNamespace(connectorId: string, revision: string): string {
  return `${connectorId}:${revision}`;
}
