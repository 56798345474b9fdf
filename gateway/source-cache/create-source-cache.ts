import type { Logger } from '../logger.ts';
import { createHubSourceCache, type HubSourceCache, type HubSourceCacheOptions } from './hub-source-cache.ts';
import { createMemorySourceCacheStore } from './memory-source-cache-store.ts';
import { createRedisSourceCacheStore } from './redis-source-cache-store.ts';
import type { SourceCacheConfig } from './source-cache-config.ts';

/**
 * Creates the gateway's source cache from its settings: in Redis when `redisUrl` is given
 * (shared by every replica on it), else in memory. A Redis that is down does not stop the
 * hub: reads go to the legacy systems until it answers.
 *
 * ```ts
 * const cache = await createSourceCache({ config: resolveSourceCacheConfig(process.env) || {}, logger });
 * ```
 */
export async function createSourceCache(
  options: { readonly config: SourceCacheConfig; readonly logger: Logger } & Pick<HubSourceCacheOptions, 'onLookup' | 'onStateChange'>,
): Promise<HubSourceCache> {
  const { config, logger, onLookup, onStateChange } = options;
  const store = config.redisUrl
    ? await createRedisSourceCacheStore({
        url: config.redisUrl,
        ...(config.redisKeyPrefix !== undefined ? { keyPrefix: config.redisKeyPrefix } : {}),
        ...(config.redisTimeoutMs !== undefined ? { timeoutMs: config.redisTimeoutMs } : {}),
      })
    : createMemorySourceCacheStore(config.maxRows !== undefined ? { maxRows: config.maxRows } : {});
  return createHubSourceCache({ store, logger, ...(onLookup ? { onLookup } : {}), ...(onStateChange ? { onStateChange } : {}) });
}
