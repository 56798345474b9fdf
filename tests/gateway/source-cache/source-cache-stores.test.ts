import { describe, expect, it } from 'vitest';
import { createHubSourceCache, createMemorySourceCacheStore, resolveSourceCacheConfig, sourceCacheRevision } from '../../../gateway/source-cache/index.ts';
import { createLogger } from '../../../gateway/logger.ts';
import { DEPARTMENTS } from '../../../connectors/sample-city/index.ts';

const rows = (count: number, tag: string) => Array.from({ length: count }, (_, index) => ({ ID: `${tag}-${index}` }));

describe('source cache settings', () => {
  it('caches in memory by default, in Redis with CITYHUB_REDIS_URL, and not at all with CITYHUB_SOURCE_CACHE=off', () => {
    expect(resolveSourceCacheConfig({})).toEqual({ maxRows: 100_000 });
    expect(resolveSourceCacheConfig({ CITYHUB_REDIS_URL: 'redis://cache:6379', CITYHUB_SOURCE_CACHE_MAX_ROWS: '500' })).toEqual({ maxRows: 500, redisUrl: 'redis://cache:6379' });
    expect(resolveSourceCacheConfig({ CITYHUB_SOURCE_CACHE: 'off', CITYHUB_REDIS_URL: 'redis://cache:6379' })).toBe(false);
  });

  it('refuses a malformed setting, naming the variable and the value', () => {
    expect(() => resolveSourceCacheConfig({ CITYHUB_SOURCE_CACHE: 'yes' })).toThrow(new TypeError('CITYHUB_SOURCE_CACHE must be "on" or "off", received "yes"'));
    expect(() => resolveSourceCacheConfig({ CITYHUB_SOURCE_CACHE_MAX_ROWS: '-3' })).toThrow(new TypeError('CITYHUB_SOURCE_CACHE_MAX_ROWS must be a positive integer, received "-3"'));
    expect(() => createMemorySourceCacheStore({ maxRows: 0 })).toThrow(new TypeError('maxRows must be a positive integer, received 0'));
  });
});

describe('the in-memory source cache store', () => {
  it('holds at most maxRows rows, evicting the least recently used entries first', async () => {
    const store = createMemorySourceCacheStore({ maxRows: 30 });
    // Each entry counts its rows and one: two entries of 10 rows are 22 of 30, a third is over.
    await store.setMany('a:1', [['k1', rows(10, 'k1')], ['k2', rows(10, 'k2')]], 60);
    await store.getMany('a:1', ['k1']); // k1 is now the more recently used
    await store.setMany('a:1', [['k3', rows(10, 'k3')]], 60);
    expect((await store.getMany('a:1', ['k1', 'k2', 'k3'])).map((entry) => entry?.length)).toEqual([10, undefined, 10]);
  });

  it('forgets an entry once its TTL has passed', async () => {
    const store = createMemorySourceCacheStore();
    await store.setMany('a:1', [['k', rows(1, 'k')]], 1);
    expect((await store.getMany('a:1', ['k']))[0]).toEqual(rows(1, 'k'));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await store.getMany('a:1', ['k']))[0]).toBeUndefined();
  });

  it("drops every version's entries of one connector, and only that connector's", async () => {
    const store = createMemorySourceCacheStore();
    await store.setMany('grids:v1', [['k', rows(1, 'g1')]], 60);
    await store.setMany('grids:v2', [['k', rows(1, 'g2')]], 60);
    await store.setMany('grids-extra:v1', [['k', rows(1, 'x')]], 60);
    await store.dropConnector('grids');
    expect([...(await store.getMany('grids:v1', ['k'])), ...(await store.getMany('grids:v2', ['k'])), ...(await store.getMany('grids-extra:v1', ['k']))]).toEqual([undefined, undefined, rows(1, 'x')]);
  });
});

describe('source cache revisions', () => {
  const { manifest, kind } = DEPARTMENTS.find((d) => d.manifest.id === 'grids')!;
  it('keys each registered activation apart, and an unregistered manifest by its content', () => {
    expect(sourceCacheRevision({ manifest, kind, revision: '1@2026-12-04T18:00:00.000Z' })).not.toBe(sourceCacheRevision({ manifest, kind, revision: '1@2026-12-04T19:00:00.000Z' }));
    expect(sourceCacheRevision({ manifest, kind })).toBe(sourceCacheRevision({ manifest: structuredClone(manifest), kind }));
    expect(sourceCacheRevision({ manifest, kind })).not.toBe(sourceCacheRevision({ manifest: { ...manifest, timeoutMs: manifest.timeoutMs + 1 }, kind }));
  });

  it('counts hits and misses per read for /readyz', async () => {
    const cache = createHubSourceCache({ store: createMemorySourceCacheStore(), logger: createLogger('silent') });
    const grids = cache.forConnector({ manifest, kind });
    await grids.setMany([['k', rows(2, 'k')]], 60);
    expect(await grids.getMany(['k', 'missing'])).toEqual([rows(2, 'k'), undefined]);
    expect(cache.report()).toEqual({ backend: 'memory', state: 'ok', hits: 1, misses: 1, errors: 0 });
  });
});
