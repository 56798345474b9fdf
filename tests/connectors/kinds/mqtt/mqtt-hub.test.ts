import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UpstreamCall } from '../../../../connectors/index.ts';
import { startSampleCity, type SampleCity } from '../../../../connectors/sample-city/index.ts';
import { startMqttSimulator, type MqttSimulator } from '../../../../connectors/sample-city/simulators/mqtt-simulator.ts';
import { waterLevelSensors, waterLevelStationId } from '../../../../connectors/sample-city/simulators/mqtt-water-levels.ts';
import { createCityHub, createLogger, DEFAULT_OPERATION_LIMITS, type CityHub } from '../../../../gateway/index.ts';
import { isWithin } from '../../../../schema/index.ts';
import { waitFor } from './helpers.ts';
import { BROKERS, GAUGE_STREETS, RIVER_GAUGES_ENV, riverGauges } from './river-gauges.ts';

const SEED = 12;
const STATIONS = 8;

/** Reads `data:` events of a GraphQL-over-SSE response until `count` arrived or the stream ends. */
async function readEvents(response: Response, count: number): Promise<any[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: any[] = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
      if (data) events.push(JSON.parse(data));
    }
  }
  reader.releaseLock();
  return events;
}

for (const brokerKind of BROKERS) {
  describe(`mqtt readings and alarms through the stitched city schema (${brokerKind.name})`, () => {
    let broker: Awaited<ReturnType<typeof brokerKind.start>>;
    let city: SampleCity;
    let hub: CityHub;
    let url: string;
    let simulator: MqttSimulator;
    const upstreamCalls: UpstreamCall[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-mqtt-hub-'));
    const sensors = () => waterLevelSensors({ seed: SEED, streets: GAUGE_STREETS, stations: STATIONS, topicRoot: broker.topicRoot });
    const query = async (text: string, variables?: Record<string, unknown>) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: text, variables }),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    };

    beforeAll(async () => {
      broker = await brokerKind.start();
      city = await startSampleCity({ dataDir });
      hub = await createCityHub({
        definitions: [...city.definitions, riverGauges(broker.topicRoot)],
        env: { ...city.env, [RIVER_GAUGES_ENV]: broker.url },
        dataDir,
        logger: createLogger('silent'),
        probeIntervalMs: 0,
        onUpstreamCall: (call) => upstreamCalls.push(call),
        // Every street of every district (16 × 20 × 20 gauges, estimated) is over the anonymous cost limit.
        edge: { limits: { ...DEFAULT_OPERATION_LIMITS, cost: 20_000 } },
      });
      url = await hub.listen(0);
      simulator = await startMqttSimulator({ url: broker.url, sensors: sensors(), intervalMs: 0 });
      for (let tick = 0; tick < 3; tick += 1) await simulator.tick();
      // Poll over HTTP, the hub's only view of the connector, until the third round is in.
      const latest = JSON.stringify(sensors().map((sensor) => sensor.reading(2).SW));
      let seen = '';
      await waitFor('the third round in the hub', () => seen === latest, 5_000, async () => {
        const result = await query('{ waterLevelReadings(first: 100) { levelM } }');
        seen = JSON.stringify(result.data?.waterLevelReadings?.map((r: any) => r.levelM));
      });
    }, 30_000);

    afterAll(async () => {
      await hub?.close();
      await simulator?.clearRetained();
      await simulator?.close();
      await city?.close();
      await broker?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('joins the latest readings to the streets of the administrative-divisions system', async () => {
      const result = await query(`{
        street(code: "310106013") { name waterGauges { stationId levelM street { name district { name } } } }
      }`);
      expect(result.errors).toBeUndefined();
      const gauges = sensors()
        .map((sensor, index) => ({ index, reading: sensor.reading(2) }))
        .filter(({ reading }) => reading.XZQH === '310106013');
      expect(gauges.length).toBeGreaterThan(1);
      expect(result.data.street).toEqual({
        name: '曹家渡街道',
        waterGauges: gauges.map(({ index, reading }) => ({
          stationId: waterLevelStationId(index),
          levelM: reading.SW,
          street: { name: '曹家渡街道', district: { name: '静安区' } },
        })),
      });
    });

    it('costs one in-memory lookup for the gauges of every street of every district', async () => {
      upstreamCalls.length = 0;
      const result = await query(`{ districts(first: 16) { streets { code waterGauges { stationId } } } }`);
      expect(result.errors).toBeUndefined();
      const streets = result.data.districts.flatMap((d: any) => d.streets);
      expect(streets.length).toBe(city.model.streets.length);
      expect(streets.flatMap((s: any) => s.waterGauges)).toHaveLength(STATIONS);
      const gaugeCalls = upstreamCalls.filter((call) => call.connector === 'river-gauges');
      expect(gaugeCalls).toEqual([{ connector: 'river-gauges', type: 'WaterLevelReading', batchSize: city.model.streets.length }]);
    });

    it('streams alarms within a district over SSE, with fields merged from another system', async () => {
      const controller = new AbortController();
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({
          query: `subscription { waterLevelAlarms(within: "310106") { stationId streetCode levelM alarm measuredAt street { name district { name } } } }`,
        }),
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      // The subscription registers while the stream opens: keep publishing rounds until alarms flow.
      let publishing = true;
      const publisher = (async () => {
        while (publishing) {
          await simulator.tick();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      try {
        const events = await readEvents(response, 3);
        expect(events).toHaveLength(3);
        const all = sensors();
        for (const event of events) {
          expect(event.errors).toBeUndefined();
          const alarm = event.data.waterLevelAlarms;
          const index = Number(alarm.stationId.slice(2)) - 1;
          const tick = (Date.parse(alarm.measuredAt) - Date.parse('2026-07-01T08:00:00+08:00')) / 300_000;
          const reading = all[index]!.reading(tick);
          expect(isWithin(reading.XZQH, '310106')).toBe(true);
          expect(reading.BJ === 1 || (reading.SW as number) > 6).toBe(true);
          const street = city.model.streets.find((s) => s.code === reading.XZQH)!;
          const district = city.model.districts.find((d) => d.code === street.code.slice(0, 6))!;
          expect(alarm).toEqual({
            stationId: waterLevelStationId(index),
            streetCode: reading.XZQH,
            levelM: reading.SW,
            alarm: reading.BJ === 1,
            measuredAt: alarm.measuredAt,
            street: { name: street.name, district: { name: district.nameZh } },
          });
        }
      } finally {
        publishing = false;
        controller.abort();
        await publisher;
      }
    }, 20_000);

    it('refuses a subscription with a malformed jurisdiction code', async () => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: `subscription { waterLevelAlarms(within: "31-01") { stationId } }` }),
      });
      const [event] = await readEvents(response, 1);
      expect(event.errors?.[0]?.message).toMatch(/AdminCode/);
    });
  });
}

describe('closing a hub with open mqtt subscriptions', () => {
  it('completes every open SSE stream and closes the connector promptly', async () => {
    const [brokerKind] = BROKERS;
    const broker = await brokerKind!.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-mqtt-close-'));
    const hub = await createCityHub({
      definitions: [riverGauges(broker.topicRoot)],
      env: { [RIVER_GAUGES_ENV]: broker.url },
      dataDir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
    });
    try {
      const url = await hub.listen(0);
      const streams = await Promise.all(
        ['waterLevelReadings', 'waterLevelAlarms'].map((field) =>
          fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
            body: JSON.stringify({ query: `subscription { ${field} { stationId } }` }),
          }),
        ),
      );
      const ends = streams.map((response) => readEvents(response, Number.POSITIVE_INFINITY));
      const started = Date.now();
      await hub.close();
      expect(await Promise.all(ends)).toEqual([[], []]);
      expect(Date.now() - started).toBeLessThan(1_000);
      const probe = await hub.registry.connectors[0]!.probe().catch((error) => error);
      expect(probe.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'river-gauges' });
    } finally {
      await hub.close();
      await broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
