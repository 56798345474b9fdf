import { DEFAULT_SOURCE_CACHE_MAX_ROWS } from './memory-source-cache-store.ts';

/** The source cache's settings, resolved once by {@link resolveSourceCacheConfig}. */
export interface SourceCacheConfig {
  /** Redis shared by the replicas; the cache is in memory without it. @default in memory */
  readonly redisUrl?: string;
  /** The prefix of the Redis keys, so several hubs (or test runs) can share one Redis. @default 'cityhub' */
  readonly redisKeyPrefix?: string;
  /** Longest wait for one Redis command before the read goes to the source, in milliseconds. @default 250 */
  readonly redisTimeoutMs?: number;
  /** Rows the in-memory cache holds at most, least recently used evicted first. @default 100000 */
  readonly maxRows?: number;
}

/**
 * Resolves the source cache's settings from environment variables, throwing a `TypeError`
 * that names the variable and the value received when one is malformed:
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `CITYHUB_SOURCE_CACHE` | `on` or `off`: cache the legacy systems' rows for their manifests' `cacheTtlSeconds` | `on` |
 * | `CITYHUB_SOURCE_CACHE_MAX_ROWS` | rows the in-memory cache holds at most | 100000 |
 * | `CITYHUB_REDIS_URL` | keep the cache in Redis, shared by replicas | in memory |
 *
 * `false` when the cache is off.
 *
 * ```ts
 * createCityHub({ …, sourceCache: resolveSourceCacheConfig(process.env) });
 * ```
 */
export function resolveSourceCacheConfig(env: Readonly<Record<string, string | undefined>>): false | SourceCacheConfig {
  const mode = env.CITYHUB_SOURCE_CACHE?.trim().toLowerCase() || 'on';
  if (mode !== 'on' && mode !== 'off') throw new TypeError(`CITYHUB_SOURCE_CACHE must be "on" or "off", received ${JSON.stringify(env.CITYHUB_SOURCE_CACHE)}`);
  if (mode === 'off') return false;
  const rawRows = env.CITYHUB_SOURCE_CACHE_MAX_ROWS?.trim();
  const maxRows = rawRows ? Number(rawRows) : DEFAULT_SOURCE_CACHE_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new TypeError(`CITYHUB_SOURCE_CACHE_MAX_ROWS must be a positive integer, received ${JSON.stringify(env.CITYHUB_SOURCE_CACHE_MAX_ROWS)}`);
  }
  const redisUrl = env.CITYHUB_REDIS_URL?.trim();
  return { maxRows, ...(redisUrl ? { redisUrl } : {}) };
}
