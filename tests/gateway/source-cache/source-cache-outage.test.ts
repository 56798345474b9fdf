import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../gateway/index.ts';
import { startEdgeHub, type EdgeHub } from '../../support/edge-hub.ts';
import { serverUrl } from '../../support/servers.ts';

const redis = serverUrl('CITYHUB_TEST_REDIS_URL');
const SYSTEMS = ['admin-divisions', 'elderly-registry'];
const RESIDENT = 'query Resident($id: ID!) { elderlyResident(personId: $id) { personId careLevel } }';

/** Elderly residents the case worker (310106) may read. */
function readableElderly(hub: EdgeHub): string[] {
  const elderly = new Set(hub.city.model.elderly.map((e) => e.personId));
  return hub.city.model.residents.filter((r) => elderly.has(r.personId) && r.streetCode.startsWith('310106')).map((r) => r.personId);
}

/** A logger that keeps the warnings and notes it is given. */
function recordingLogger(): Logger & { readonly lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const keep = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: () => {}, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** The hub's source-cache metrics, as Prometheus would scrape them (value by series). */
async function cacheMetrics(hub: EdgeHub): Promise<Record<string, number>> {
  const text = await hub.hub.metrics.registry.metrics();
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.startsWith('cityhub_source_cache_'))
      .map((line) => {
        const space = line.lastIndexOf(' ');
        return [line.slice(0, space), Number(line.slice(space + 1))];
      }),
  );
}

const cacheLines = (logger: ReturnType<typeof recordingLogger>) => logger.lines.filter((line) => line.message.startsWith('source cache (redis)'));

describe('the source cache when its Redis refuses connections', () => {
  let hub: EdgeHub;
  const logger = recordingLogger();
  let personId: string;
  beforeAll(async () => {
    // Port 1 on loopback refuses every connection.
    hub = await startEdgeHub({ only: SYSTEMS, sourceCache: { redisUrl: 'redis://127.0.0.1:1' }, logger });
    personId = readableElderly(hub)[0]!;
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('answers every request from the legacy system, logs the outage once, and lists it in /readyz without making the hub unready', async () => {
    const reads = () => hub.upstreamCalls.filter((call) => call.connector === 'elderly-registry').length;
    const before = reads();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await hub.post('caseWorker', { query: RESIDENT, variables: { id: personId } });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.elderlyResident.personId).toBe(personId);
    }
    expect(reads()).toBe(before + 3);
    expect(cacheLines(logger)).toEqual([{ level: 'warn', message: expect.stringMatching(/^source cache \(redis\) is unavailable \(\w+\): reads go to the legacy systems/) }]);
    const ready = await hub.send({ path: '/readyz', method: 'GET' });
    expect(ready.status).toBe(200);
    expect(ready.body.sourceCache).toMatchObject({ backend: 'redis', state: 'unavailable', hits: 0, misses: 3 });
    expect(ready.body.sourceCache.errors).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(ready.body.sourceCache)).not.toContain('127.0.0.1');
    expect(await cacheMetrics(hub)).toEqual({ cityhub_source_cache_up: 0, 'cityhub_source_cache_lookups_total{connector="elderly-registry",result="error"}': 3 });
  });
});

/** A TCP proxy in front of the real Redis, which the test can cut and restore on the same port. */
async function startRedisProxy(target: URL): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    const next = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => next.listen(port, '127.0.0.1', resolve));
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const cut = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}

describe.skipIf(redis === undefined)('the source cache when its Redis goes away and comes back', () => {
  let hub: EdgeHub;
  let proxy: Awaited<ReturnType<typeof startRedisProxy>>;
  const logger = recordingLogger();
  let personId: string;
  beforeAll(async () => {
    proxy = await startRedisProxy(new URL(redis!));
    hub = await startEdgeHub({ only: SYSTEMS, sourceCache: { redisUrl: proxy.url, redisKeyPrefix: `cityhub-test-${randomBytes(4).toString('hex')}` }, logger });
    personId = readableElderly(hub)[1]!;
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await proxy?.close();
  });

  it('falls through to the legacy system during the outage, logs its start and end once, and uses Redis again when it answers', async () => {
    const reads = () => hub.upstreamCalls.filter((call) => call.connector === 'elderly-registry').length;
    const ask = async () => {
      const answer = await hub.post('caseWorker', { query: RESIDENT, variables: { id: personId } });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.elderlyResident.personId).toBe(personId);
    };
    await ask();
    await ask();
    const warm = reads();
    expect(hub.hub.sourceCache!.report()).toMatchObject({ state: 'ok', hits: 1 });
    expect(await cacheMetrics(hub)).toMatchObject({
      cityhub_source_cache_up: 1,
      'cityhub_source_cache_lookups_total{connector="elderly-registry",result="miss"}': 1,
      'cityhub_source_cache_lookups_total{connector="elderly-registry",result="hit"}': 1,
    });

    await proxy.cut();
    for (let attempt = 0; attempt < 3; attempt += 1) await ask();
    expect(reads()).toBe(warm + 3);
    expect(hub.hub.sourceCache!.report().state).toBe('unavailable');
    expect(await cacheMetrics(hub)).toMatchObject({ cityhub_source_cache_up: 0, 'cityhub_source_cache_lookups_total{connector="elderly-registry",result="error"}': 3 });

    await proxy.restore();
    // The client reconnects by itself; the first read it answers ends the outage.
    const deadline = Date.now() + 15_000;
    while (hub.hub.sourceCache!.report().state !== 'ok' && Date.now() < deadline) {
      await ask();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(hub.hub.sourceCache!.report().state).toBe('ok');
    const restored = reads();
    await ask();
    expect(reads()).toBe(restored);
    expect((await cacheMetrics(hub)).cityhub_source_cache_up).toBe(1);
    expect(cacheLines(logger).map((line) => line.level)).toEqual(['warn', 'info']);
    expect(cacheLines(logger)[1]!.message).toMatch(/answers again after failing since/);
  });
});
