import { createHash } from 'node:crypto';
import type { ConnectorDefinition, SourceCache } from '../../connectors/index.ts';
import { canonicalJson } from '../../governance/index.ts';
import type { Logger } from '../logger.ts';
import { sourceCacheNamespace, type SourceCacheStore } from './source-cache-store.ts';

/** What `/readyz` shows of the source cache: where it lives, whether it answers, and its counts since start. */
export interface SourceCacheReport {
  readonly backend: 'memory' | 'redis';
  /** `unavailable` while the store fails (reads then go to the legacy systems); never makes the hub unready. */
  readonly state: 'ok' | 'unavailable';
  /** Since when the store has been failing (ISO-8601 UTC), while `unavailable`. */
  readonly since?: string;
  /** The last failure's code or class (never a URL or a value). */
  readonly error?: string;
  readonly hits: number;
  readonly misses: number;
  /** Reads and writes the store failed (each read counted a miss as well). */
  readonly errors: number;
}

/** The gateway's source cache: one store, a {@link SourceCache} per connector version. */
export interface HubSourceCache {
  readonly backend: 'memory' | 'redis';
  /**
   * The cache of one connector's registered version: its entries live under the connector id
   * and the version's revision ({@link sourceCacheRevision}), so rows read under another
   * version, or before a rollback, are never served.
   */
  forConnector(definition: ConnectorDefinition): SourceCache;
  /** Drops a replaced or removed connector's entries (from the registry's swap); failures are logged, never thrown. */
  dropConnector(connectorId: string): Promise<void>;
  report(): SourceCacheReport;
  /** Drops every entry (benchmarks measuring a cold cache). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createHubSourceCache}. */
export interface HubSourceCacheOptions {
  readonly store: SourceCacheStore;
  readonly logger: Logger;
  /** Told each lookup's counts per connector (the hub's metrics): keys found, keys missed, and whether the store failed. */
  readonly onLookup?: OnSourceCacheLookup;
  /** Told when the store stops or starts answering (the hub's metrics). */
  readonly onStateChange?: (state: SourceCacheReport['state']) => void;
}

/** What one lookup of a connector's cache found (a failed store answers every key a miss). */
export type OnSourceCacheLookup = (connector: string, lookup: { readonly hits: number; readonly misses: number; readonly failed: boolean }) => void;

/**
 * The revision a connector's cache entries are keyed on: the registry's activation of the
 * version (`definition.revision`, such as `3@2026-12-04T18:05:21.000Z`, the same on every
 * replica and new at every activation, rollbacks included), or else a hash of the manifest.
 */
export function sourceCacheRevision(definition: ConnectorDefinition): string {
  return createHash('sha256')
    .update(definition.revision ?? canonicalJson(definition.manifest))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * Creates the gateway's source cache over a store. A store that fails never fails a request:
 * its reads answer misses (the legacy systems are asked), its writes are dropped, the first
 * failure of an outage is logged once (a warning) and its end once (info), and
 * {@link HubSourceCache.report} shows it for `/readyz`.
 *
 * ```ts
 * const cache = createHubSourceCache({ store: createMemorySourceCacheStore(), logger });
 * createConnectorRegistry({ definitions, runtime, logger, sourceCache: cache });
 * ```
 */
export function createHubSourceCache(options: HubSourceCacheOptions): HubSourceCache {
  const { store, logger, onLookup, onStateChange } = options;
  let hits = 0;
  let misses = 0;
  let errors = 0;
  let outage: { since: string; error: string } | undefined;
  const succeeded = () => {
    if (!outage) return;
    logger.info(`source cache (${store.backend}) answers again after failing since ${outage.since}; reads use it again`);
    outage = undefined;
    onStateChange?.('ok');
  };
  const failed = (error: unknown) => {
    errors += 1;
    const described = describe(error);
    if (outage) {
      outage = { ...outage, error: described };
      return;
    }
    outage = { since: new Date().toISOString(), error: described };
    logger.warn(`source cache (${store.backend}) is unavailable (${described}): reads go to the legacy systems until it answers again`);
    onStateChange?.('unavailable');
  };
  return {
    backend: store.backend,
    forConnector(definition) {
      const connector = definition.manifest.id;
      const namespace = sourceCacheNamespace(connector, sourceCacheRevision(definition));
      return {
        async getMany(keys) {
          try {
            const found = await store.getMany(namespace, keys);
            succeeded();
            const missed = found.filter((rows) => rows === undefined).length;
            hits += found.length - missed;
            misses += missed;
            onLookup?.(connector, { hits: found.length - missed, misses: missed, failed: false });
            return found;
          } catch (error) {
            failed(error);
            misses += keys.length;
            onLookup?.(connector, { hits: 0, misses: keys.length, failed: true });
            return keys.map(() => undefined);
          }
        },
        async setMany(entries, ttlSeconds) {
          if (entries.length === 0) return;
          try {
            await store.setMany(namespace, entries, ttlSeconds);
            succeeded();
          } catch (error) {
            failed(error);
          }
        },
      };
    },
    async dropConnector(connectorId) {
      try {
        await store.dropConnector(connectorId);
      } catch (error) {
        failed(error);
      }
    },
    report: () => ({ backend: store.backend, state: outage ? 'unavailable' : 'ok', ...(outage ?? {}), hits, misses, errors }),
    clear: () => store.clear(),
    close: () => store.close(),
  };
}

// Private: a failure's code or class, never its message (which may name the Redis host).
function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) return code;
  if (!(error instanceof Error)) return 'unknown error';
  return error.name !== 'Error' ? error.name : error.constructor.name;
}
