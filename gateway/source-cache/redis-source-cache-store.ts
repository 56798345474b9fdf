import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import type { LegacyRow } from '../../connectors/index.ts';
import type { SourceCacheStore } from './source-cache-store.ts';

/** Options of {@link createRedisSourceCacheStore}. */
export interface RedisSourceCacheStoreOptions {
  /** Redis URL (`CITYHUB_REDIS_URL`). */
  readonly url: string;
  /** Prefix of every key, so several hubs (or test runs) can share one Redis. @default 'cityhub' */
  readonly keyPrefix?: string;
  /**
   * Longest wait for one Redis command, in milliseconds: past it the read is a miss (or the
   * write is dropped), so a Redis that hangs costs a request at most this. @default 250
   */
  readonly timeoutMs?: number;
  /** How long creating the store waits for the first connection, in milliseconds (it keeps trying afterwards). @default 1000 */
  readonly connectWaitMs?: number;
}

/**
 * The source cache's Redis store, shared by every replica pointed at the same Redis: each
 * entry is one string key, `<prefix>:source-cache:<connector id>:<revision>:<sha-256 of the
 * read>` (so no key or filter value read from a request appears in Redis' key space), holding
 * the rows as JSON with the entry's TTL set in Redis (`SET … EX`).
 *
 * The client never queues commands while disconnected: with Redis down every command
 * rejects at once (the hub's source cache answers misses and reports the outage), and the
 * client keeps reconnecting by itself. Creating the store does not fail when Redis is down.
 *
 * ```ts
 * const store = await createRedisSourceCacheStore({ url: process.env.CITYHUB_REDIS_URL! });
 * ```
 */
export async function createRedisSourceCacheStore(options: RedisSourceCacheStoreOptions): Promise<SourceCacheStore> {
  const timeoutMs = options.timeoutMs ?? 250;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new TypeError(`timeoutMs must be a positive integer, received ${JSON.stringify(options.timeoutMs)}`);
  const prefix = `${options.keyPrefix ?? 'cityhub'}:source-cache`;
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 5), 3_000) },
  });
  client.on('error', () => {
    // Each failed command rejects on its own, and the hub's source cache reports the outage once.
  });
  const connecting = client.connect().catch(() => undefined);
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([connecting, new Promise((resolve) => (waited = setTimeout(resolve, options.connectWaitMs ?? 1_000)))]);
  clearTimeout(waited);
  const keyOf = (namespace: string, key: string) => `${prefix}:${namespace}:${createHash('sha256').update(key).digest('base64url')}`;
  const bounded = () => client.withAbortSignal(AbortSignal.timeout(timeoutMs));
  return {
    backend: 'redis',
    async getMany(namespace, keys) {
      if (keys.length === 0) return [];
      const values = await bounded().mGet(keys.map((key) => keyOf(namespace, key)));
      return values.map((value) => (typeof value === 'string' ? (JSON.parse(value) as LegacyRow[]) : undefined));
    },
    async setMany(namespace, entries, ttlSeconds) {
      const commands = bounded();
      await Promise.all(entries.map(([key, rows]) => commands.set(keyOf(namespace, key), JSON.stringify(rows), { expiration: { type: 'EX', value: ttlSeconds } })));
    },
    async dropConnector(connectorId) {
      for await (const keys of client.scanIterator({ MATCH: `${prefix}:${connectorId}:*`, COUNT: 500 })) {
        if (keys.length > 0) await bounded().unlink(keys);
      }
    },
    async clear() {
      for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
        if (keys.length > 0) await bounded().unlink(keys);
      }
    },
    async close() {
      // A client still trying to reconnect has nothing to flush.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
