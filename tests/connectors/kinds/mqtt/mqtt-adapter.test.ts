import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConnectorSubschema, callSource, type UpstreamCall } from '../../../../connectors/index.ts';
import { mqttKind, type MqttAdapter, type MqttSource } from '../../../../connectors/kinds/mqtt/index.ts';
import { startMqttBroker } from '../../../../connectors/sample-city/simulators/mqtt-broker.ts';
import { startMqttSimulator, type MqttSimulator } from '../../../../connectors/sample-city/simulators/mqtt-simulator.ts';
import { waterLevelSensors, waterLevelStationId } from '../../../../connectors/sample-city/simulators/mqtt-water-levels.ts';
import { isWithin } from '../../../../schema/index.ts';
import type { ConnectorManifest } from '../../../../connectors/index.ts';
import { SOURCE_SCOPE } from '../../../../connectors/sdk/source-scope.ts';
import { waitFor } from './helpers.ts';
import { BROKERS, GAUGE_STREETS, RIVER_GAUGES_ENV, riverGauges } from './river-gauges.ts';

const SEED = 12;
const STATIONS = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-mqtt-'));

type MqttManifest = ConnectorManifest & { source: MqttSource };

function openAdapter(url: string, topicRoot: string, calls: UpstreamCall[] = []) {
  const { manifest } = riverGauges(topicRoot);
  const adapter = mqttKind.createAdapter(manifest as MqttManifest, { env: { [RIVER_GAUGES_ENV]: url }, dataDir }) as MqttAdapter;
  const schema = buildConnectorSubschema(manifest, adapter, { onUpstreamCall: (call) => calls.push(call) });
  return { manifest, adapter, schema };
}

async function run(schema: GraphQLSchema, query: string, variables?: Record<string, unknown>): Promise<ExecutionResult<any>> {
  return (await execute({ schema, document: parse(query), variableValues: variables, contextValue: {} })) as ExecutionResult<any>;
}

/** A reading as the connector exposes it, from the simulator's legacy payload. */
function expected(stationIndex: number, payload: Readonly<Record<string, unknown>>) {
  const at = String(payload.CJSJ);
  return {
    stationId: waterLevelStationId(stationIndex),
    streetCode: payload.XZQH,
    levelM: payload.SW,
    warningLevelM: payload.JJSW,
    measuredAt: new Date(`${at.replace(' ', 'T')}+08:00`).toISOString(),
    alarm: payload.BJ === 1,
  };
}

const FIELDS = 'stationId streetCode levelM warningLevelM measuredAt alarm';

for (const brokerKind of BROKERS) {
  describe(`the mqtt source kind on ${brokerKind.name}`, () => {
    let broker: Awaited<ReturnType<typeof brokerKind.start>>;
    let simulator: MqttSimulator;
    let opened: ReturnType<typeof openAdapter>;
    let calls: UpstreamCall[];
    const sensors = () => waterLevelSensors({ seed: SEED, streets: GAUGE_STREETS, stations: STATIONS, topicRoot: broker.topicRoot });

    beforeAll(async () => {
      broker = await brokerKind.start();
    });
    afterAll(async () => {
      await broker.close();
    });
    beforeEach(async () => {
      broker = { ...broker, topicRoot: `${broker.topicRoot.split('-x')[0]}-x${Math.random().toString(16).slice(2, 8)}` };
      calls = [];
      opened = openAdapter(broker.url, broker.topicRoot, calls);
      simulator = await startMqttSimulator({ url: broker.url, sensors: sensors(), intervalMs: 0 });
      await callSource('river-gauges', 2_000, (signal) => opened.adapter.probe(signal));
    });
    afterEach(async () => {
      await opened.adapter.close();
      await simulator.clearRetained();
      await simulator.close();
    });

    it('keeps the latest reading per station and answers queries from it', async () => {
      await simulator.tick();
      await simulator.tick();
      await waitFor('two rounds of readings', () => opened.adapter.health().received >= 2 * STATIONS);
      const result = await run(opened.schema, `{ waterLevelReadings(first: 100) { ${FIELDS} } }`);
      expect(result.errors).toBeUndefined();
      const latest = sensors().map((sensor, index) => expected(index, sensor.reading(1)));
      expect(result.data.waterLevelReadings).toEqual(latest);
      expect(opened.adapter.health()).toMatchObject({ connected: true, devices: { WaterLevelReading: STATIONS }, malformed: { total: 0 } });
    });

    it('answers a batch of stations with one in-memory lookup, one entry per key in key order', async () => {
      await simulator.tick();
      await waitFor('one round of readings', () => opened.adapter.health().devices.WaterLevelReading === STATIONS);
      calls.length = 0;
      const keys = ['SW0005', 'SW9999', 'SW0001', 'SW0003', 'SW0001'];
      const result = await run(opened.schema, `query ($keys: [String!]!) { _lookupWaterLevelReading(keys: $keys) { stationId levelM } }`, { keys });
      expect(result.errors).toBeUndefined();
      const first = sensors().map((sensor) => sensor.reading(0));
      expect(result.data._lookupWaterLevelReading).toEqual([
        { stationId: 'SW0005', levelM: first[4]!.SW },
        null,
        { stationId: 'SW0001', levelM: first[0]!.SW },
        { stationId: 'SW0003', levelM: first[2]!.SW },
        { stationId: 'SW0001', levelM: first[0]!.SW },
      ]);
      expect(calls).toEqual([{ connector: 'river-gauges', type: 'WaterLevelReading', batchSize: 4 }]);
    });

    it('filters the latest readings by jurisdiction and by field, with paging', async () => {
      for (let tick = 0; tick < 4; tick += 1) await simulator.tick();
      await waitFor('four rounds', () => opened.adapter.health().received >= 4 * STATIONS);
      const readings = sensors().map((sensor, index) => expected(index, sensor.reading(3)));
      const inDistrict = readings.filter((r) => isWithin(r.streetCode, '310106'));
      const alarming = readings.filter((r) => r.alarm);
      expect(inDistrict.length).toBeGreaterThan(0);
      expect(inDistrict.length).toBeLessThan(STATIONS);
      expect(alarming.length).toBeGreaterThan(0);
      expect(alarming.length).toBeLessThan(STATIONS);

      const result = await run(opened.schema, `{
        district: waterLevelReadings(within: "310106") { ${FIELDS} }
        alarms: waterLevelReadings(where: { alarm: true }) { ${FIELDS} }
        page: waterLevelReadings(first: 2, offset: 1) { stationId }
      }`);
      expect(result.errors).toBeUndefined();
      expect(result.data.district).toEqual(inDistrict);
      expect(result.data.alarms).toEqual(alarming);
      expect(result.data.page).toEqual([{ stationId: 'SW0002' }, { stationId: 'SW0003' }]);
    });

    it('streams every new reading and, separately, the alarms within a jurisdiction', async () => {
      const readings = (await subscribe({
        schema: opened.schema,
        document: parse(`subscription { waterLevelReadings { stationId levelM } }`),
        contextValue: {},
      })) as AsyncGenerator<ExecutionResult<any>>;
      const alarms = (await subscribe({
        schema: opened.schema,
        document: parse(`subscription { waterLevelAlarms(within: "310106") { ${FIELDS} } }`),
        contextValue: {},
      })) as AsyncGenerator<ExecutionResult<any>>;
      const ticks = 4;
      for (let tick = 0; tick < ticks; tick += 1) await simulator.tick();

      const all = sensors();
      const expectedAlarms = Array.from({ length: ticks }, (_, tick) => all.map((sensor, index) => expected(index, sensor.reading(tick))))
        .flat()
        .filter((r) => (r.alarm || r.levelM as number > 6) && isWithin(r.streetCode, '310106'));
      const alarmsOutside = Array.from({ length: ticks }, (_, tick) => all.map((sensor, index) => expected(index, sensor.reading(tick))))
        .flat()
        .filter((r) => r.alarm && !isWithin(r.streetCode, '310106'));
      expect(expectedAlarms.length).toBeGreaterThan(0);
      expect(alarmsOutside.length).toBeGreaterThan(0);

      const gotAlarms: unknown[] = [];
      for (let i = 0; i < expectedAlarms.length; i += 1) {
        const next = await alarms.next();
        expect(next.value.errors).toBeUndefined();
        gotAlarms.push(next.value.data.waterLevelAlarms);
      }
      const byOrder = (a: any, b: any) => a.measuredAt.localeCompare(b.measuredAt) || a.stationId.localeCompare(b.stationId);
      expect([...gotAlarms].sort(byOrder)).toEqual([...expectedAlarms].sort(byOrder));

      const gotReadings: unknown[] = [];
      for (let i = 0; i < ticks * STATIONS; i += 1) gotReadings.push((await readings.next()).value.data.waterLevelReadings);
      expect(gotReadings).toHaveLength(ticks * STATIONS);
      expect(gotReadings.slice(-STATIONS).map((r: any) => r.stationId).sort()).toEqual(all.map((_, index) => waterLevelStationId(index)));
      await readings.return(undefined);
      await alarms.return(undefined);
    });

    it("narrows a stream to the request's pushed-down row scope, intersected with within", async () => {
      const subscribeAs = async (query: string, scopes: readonly string[]) =>
        (await subscribe({
          schema: opened.schema,
          document: parse(query),
          contextValue: { [SOURCE_SCOPE]: (connector: string, type: string) => (connector === 'river-gauges' && type === 'WaterLevelReading' ? scopes : undefined) },
        })) as AsyncGenerator<ExecutionResult<any>>;
      const scoped = await subscribeAs(`subscription { waterLevelReadings { stationId streetCode } }`, ['310107001']);
      const disjoint = await subscribeAs(`subscription { waterLevelReadings(within: "310106") { stationId } }`, ['310107001']);
      await simulator.tick();
      const inScope = sensors().map((sensor, index) => ({ index, reading: sensor.reading(0) })).filter(({ reading }) => reading.XZQH === '310107001');
      expect(inScope.length).toBeGreaterThan(0);
      for (const { index } of inScope) {
        expect((await scoped.next()).value.data.waterLevelReadings).toEqual({ stationId: waterLevelStationId(index), streetCode: '310107001' });
      }
      await waitFor('the round', () => opened.adapter.health().received >= STATIONS);
      // The whole round is in and the disjoint subscriber (310106 within a 310107001 scope) got none of it.
      const quiet = (stream: AsyncGenerator<unknown>) =>
        Promise.race([stream.next().then(() => 'an event'), new Promise((resolve) => setTimeout(() => resolve('nothing'), 150))]);
      expect(await quiet(disjoint)).toBe('nothing');
      expect(await quiet(scoped)).toBe('nothing');
      await scoped.return(undefined);
      await disjoint.return(undefined);
      expect(opened.adapter.health().subscribers).toBe(0);
    });

    it('counts malformed payloads, never streams them, and keeps the last good reading', async () => {
      await simulator.tick();
      await waitFor('one round', () => opened.adapter.health().received >= STATIONS);
      const stream = (await subscribe({
        schema: opened.schema,
        document: parse(`subscription { waterLevelReadings { stationId levelM } }`),
        contextValue: {},
      })) as AsyncGenerator<ExecutionResult<any>>;
      const topic = `${broker.topicRoot}/water/level/SW0001/reading`;
      const good = sensors()[0]!.reading(0);
      await simulator.publishRaw(topic, 'SW=3.2;BJ=0');
      await simulator.publishRaw(topic, '[3.2]');
      await simulator.publishRaw(topic, JSON.stringify({ ...good, SW: 'high' }));
      await simulator.publishRaw(topic, JSON.stringify({ ...good, CJSJ: undefined }));
      await waitFor('four bad payloads', () => opened.adapter.health().malformed.total === 4);
      // A good reading after the bad ones is the first thing the subscriber sees.
      await simulator.publishRaw(topic, JSON.stringify({ ...good, SW: 1.23 }));
      const next = await stream.next();
      expect(next.value.data.waterLevelReadings).toEqual({ stationId: 'SW0001', levelM: 1.23 });
      await stream.return(undefined);

      const health = opened.adapter.health();
      expect(health.malformed.byType).toEqual({ WaterLevelReading: 4 });
      expect(health.malformed.last).toMatchObject({ type: 'WaterLevelReading', topic });
      expect(health.malformed.last!.reason).toContain('WaterLevelReading.measuredAt (legacy "CJSJ")');
      const result = await run(opened.schema, `{ waterLevelReading(stationId: "SW0001") { levelM } }`);
      expect(result.data.waterLevelReading).toEqual({ levelM: 1.23 });
    });

    it('reports a payload that is not JSON, and one that is not an object, by reason', async () => {
      const topic = `${broker.topicRoot}/water/level/SW0002/reading`;
      await simulator.publishRaw(topic, '{"SW": 3.1');
      await waitFor('the first bad payload', () => opened.adapter.health().malformed.total === 1);
      expect(opened.adapter.health().malformed.last!.reason).toBe('payload is not JSON');
      await simulator.publishRaw(topic, '42');
      await waitFor('the second bad payload', () => opened.adapter.health().malformed.total === 2);
      expect(opened.adapter.health().malformed.last!.reason).toBe('payload is not a JSON object');
      const result = await run(opened.schema, `{ waterLevelReading(stationId: "SW0002") { levelM } }`);
      expect(result.data.waterLevelReading).toBeNull();
    });

    it('ends open subscriptions and disconnects when closed', async () => {
      const stream = opened.adapter.subscribe({ type: 'WaterLevelReading', event: 'readings' });
      const iterator = stream[Symbol.asyncIterator]();
      const pending = iterator.next();
      await opened.adapter.close();
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
      expect(opened.adapter.health().connected).toBe(false);
      await expect(callSource('river-gauges', 500, (signal) => opened.adapter.probe(signal))).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'river-gauges' },
      });
      expect(() => opened.adapter.subscribe({ type: 'WaterLevelReading', event: 'readings' })).toThrow(/closed/);
    });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the mqtt source kind when the broker is down', () => {
  it('fails the probe with UPSTREAM_UNAVAILABLE naming the connector and the broker', async () => {
    const port = await closedPort();
    const { adapter } = openAdapter(`mqtt://user:secret@127.0.0.1:${port}`, 'city');
    try {
      const failure = await callSource('river-gauges', 1_500, (signal) => adapter.probe(signal)).catch((error) => error);
      expect(failure.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'river-gauges', broker: `mqtt://127.0.0.1:${port}` });
      expect(failure.message).toContain('Connector "river-gauges"');
      expect(failure.message).not.toContain('secret');
    } finally {
      await adapter.close();
    }
  });

  it('fails a query before the first connection instead of answering an empty table', async () => {
    const port = await closedPort();
    const { schema, adapter } = openAdapter(`mqtt://127.0.0.1:${port}`, 'city');
    try {
      const result = await run(schema, `{ waterLevelReadings { stationId } }`);
      expect(result.data).toEqual({ waterLevelReadings: null });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'river-gauges' });
    } finally {
      await adapter.close();
    }
  });

  it('serves the last readings while the broker is down, and reconnects when it is back', async () => {
    const broker = await startMqttBroker();
    const port = Number(new URL(broker.url).port);
    const sensors = waterLevelSensors({ seed: SEED, streets: GAUGE_STREETS, stations: 2 });
    const { schema, adapter } = openAdapter(broker.url, 'city');
    let simulator = await startMqttSimulator({ url: broker.url, sensors, intervalMs: 0 });
    let restarted: Awaited<ReturnType<typeof startMqttBroker>> | undefined;
    try {
      await callSource('river-gauges', 2_000, (signal) => adapter.probe(signal));
      await simulator.tick();
      await waitFor('the first round', () => adapter.health().devices.WaterLevelReading === 2);
      await simulator.close();
      await broker.close();
      await waitFor('the disconnection', () => !adapter.health().connected);

      await expect(callSource('river-gauges', 300, (signal) => adapter.probe(signal))).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
      const stale = await run(schema, `{ waterLevelReading(stationId: "SW0002") { levelM } }`);
      expect(stale.data!.waterLevelReading).toEqual({ levelM: sensors[1]!.reading(0).SW });

      restarted = await startMqttBroker({ port });
      await waitFor('the reconnection', () => adapter.health().connected, 8_000);
      simulator = await startMqttSimulator({ url: restarted.url, sensors, intervalMs: 0 });
      await simulator.tick();
      await simulator.tick();
      await waitFor('readings after the restart', () => adapter.health().received >= 4 + 2);
      const fresh = await run(schema, `{ waterLevelReading(stationId: "SW0002") { levelM } }`);
      expect(fresh.data!.waterLevelReading).toEqual({ levelM: sensors[1]!.reading(1).SW });
    } finally {
      await adapter.close();
      await simulator.close();
      await restarted?.close();
      await broker.close();
    }
  }, 15_000);
});
