import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../../support/edge-hub.ts';

const READINGS = 'subscription Levels { waterLevelReadings(within: "310106") { stationId streetCode street { code name } } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('subscriptions and the source cache', () => {
  let hub: EdgeHub;
  beforeAll(async () => {
    hub = await startEdgeHub({ only: ['admin-divisions', 'water-levels'], sourceCache: true });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  // Waits until `count()` reaches `atLeast` and then stays the same for 400 ms.
  const settle = async (count: () => number, atLeast: number) => {
    const deadline = Date.now() + 10_000;
    let last = -1;
    let since = Date.now();
    for (;;) {
      const now = count();
      if (now !== last) [last, since] = [now, Date.now()];
      if (now >= atLeast && Date.now() - since >= 400) return now;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${atLeast} events (have ${now})`);
      await sleep(25);
    }
  };

  it("reads the rows joined to a stream's events from the legacy system on every event, never from the cache nor from an earlier event", async () => {
    // Streets come from the divisions database (cacheTtlSeconds 3600); readings from the river gauges' broker.
    const streetReads = () => hub.upstreamCalls.filter((call) => call.connector === 'admin-divisions' && call.type === 'Street');
    const reads = () => streetReads().length;
    // Keys asked of the system: events resolved in one tick share a batch, each with its key.
    const keysRead = () => streetReads().reduce((total, call) => total + (call.batchSize ?? 0), 0);
    const tick = () => hub.city.mqtt.get('water-levels')!.tick();
    const events: any[] = [];
    const client = hub.ws({ authorization: `Bearer ${await hub.token('districtOfficer')}`, 'x-cityhub-purpose': 'city-operations' });
    const stop = client.subscribe({ query: READINGS }, { next: (event) => void events.push(event), error: (error) => void events.push({ failed: error }), complete: () => {} });
    await sleep(200);
    await tick();
    const first = await settle(() => events.length, 1);
    expect(events[0].errors).toBeUndefined();
    const streets = [...new Set(events.slice(0, first).map((event) => event.data.waterLevelReadings.streetCode as string))].slice(0, 10);
    expect(events.slice(0, first).every((event) => event.data.waterLevelReadings.street.code === event.data.waterLevelReadings.streetCode)).toBe(true);

    // The stream wrote nothing to the cache: a query reads these streets once, then from the cache.
    const query = `{ ${streets.map((code, index) => `s${index}: street(code: "${code}") { code name }`).join(' ')} }`;
    const beforeQueries = reads();
    expect((await hub.post('districtOfficer', { query })).body.errors).toBeUndefined();
    expect(reads()).toBe(beforeQueries + 1);
    await hub.post('districtOfficer', { query });
    expect(reads()).toBe(beforeQueries + 1);

    // The next round of readings: their streets, cached by the query, are read afresh for the stream.
    const beforeEvents = keysRead();
    await tick();
    const second = await settle(() => events.length, first + 1);
    stop();
    const again = events.slice(first, second);
    expect(again.some((event) => streets.includes(event.data.waterLevelReadings.streetCode))).toBe(true);
    // One key read per event: no event is answered from the cache or an earlier event's rows.
    expect(keysRead() - beforeEvents).toBe(again.length);
  });
});
