import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphql } from 'graphql';
import iconv from 'iconv-lite';
import { connectAsync } from 'mqtt';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createConnector, defineConnector, type Connector } from '../../connectors/index.ts';
import { DEPARTMENTS, startSampleCity, type SampleCity, type SimulatorSpec } from '../../connectors/sample-city/index.ts';
import { startMqttBroker } from '../../connectors/sample-city/simulators/mqtt-broker.ts';
import { waterLevelSensors } from '../../connectors/sample-city/simulators/mqtt-water-levels.ts';
import { SIMULATORS } from '../../connectors/sample-city/simulators/systems/index.ts';
import { busNetwork, busOperationsManifest } from './kinds/csv/bus-operations.ts';
import { waitFor } from './kinds/mqtt/helpers.ts';
import { riverGaugesManifest } from './kinds/mqtt/river-gauges.ts';
import { fireHazardOperations, fireHazardsManifest, NS } from './kinds/soap/fire-hazards.ts';
import { serverUrl } from '../support/servers.ts';

const dirs: string[] = [];
const cities: SampleCity[] = [];
const connectors: Connector[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-sample-city-'));
  dirs.push(dir);
  return dir;
}
async function start(options: Parameters<typeof startSampleCity>[0]): Promise<SampleCity> {
  const city = await startSampleCity(options);
  cities.push(city);
  return city;
}
afterEach(async () => {
  await Promise.all(connectors.splice(0).map((connector) => connector.close()));
  await Promise.all(cities.splice(0).map((city) => city.close()));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Every kind, through test manifests of the kinds' own suites, with topics of their own.
const topicRoot = `sample-${process.pid}`;
const mixedDepartments = [
  defineConnector(riverGaugesManifest(topicRoot)),
  defineConnector(busOperationsManifest()),
  defineConnector(fireHazardsManifest()),
];
const mixedSimulators: SimulatorSpec[] = [
  { id: 'river-gauges', kind: 'mqtt', sensors: (model) => waterLevelSensors({ seed: model.seed, streets: model.streets.map((s) => s.code), stations: 4, topicRoot }) },
  { id: 'bus-operations-test', kind: 'csv', files: () => Object.values(busNetwork(3, 4)) },
  { id: 'fire-hazards-test', kind: 'soap', service: () => ({ service: 'YhpcService', namespace: NS, operations: fireHazardOperations() }) },
];

describe('the sample city', () => {
  it('starts every registered system and points each manifest endpoint variable at it', async () => {
    const city = await start({ dataDir: dataDir() });
    expect(city.definitions.map((d) => d.manifest.id)).toEqual(SIMULATORS.map((s) => s.id));
    for (const definition of city.definitions) {
      const variable = definition.manifest.source.endpointEnv as string;
      expect(city.env[variable], variable).toBeTruthy();
    }
    for (const spec of SIMULATORS.filter((s) => s.kind === 'graphql')) expect(city.graphql.get(spec.id)!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });

  it('serves the building index from the model buildings, through the building-models connector', async () => {
    const city = await start({ dataDir: dataDir(), only: ['building-models'] });
    const definition = DEPARTMENTS.find((d) => d.manifest.id === 'building-models')!;
    const connector = createConnector(definition, { env: city.env, dataDir: '.' });
    connectors.push(connector);
    const historic = city.model.buildings.find((b) => b.historic)!;
    const result = await graphql({
      schema: connector.schema,
      source: `query ($id: ID!) { building(buildingId: $id) { buildingId address floors ownerDepartment gridCode } }`,
      variableValues: { id: historic.buildingId },
      contextValue: {},
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.building).toEqual({ buildingId: historic.buildingId, address: historic.address, floors: historic.floors, ownerDepartment: historic.ownerDepartment, gridCode: historic.gridCode });
  });

  it('starts SOAP services, GBK CSV drops and sensors on one broker, ticking on demand', async () => {
    const dir = dataDir();
    const city = await start({ dataDir: dir, simulators: mixedSimulators, departments: mixedDepartments });
    expect(city.definitions.map((d) => d.manifest.id)).toEqual(['river-gauges', 'bus-operations-test', 'fire-hazards-test']);
    expect(city.env.CITYHUB_TEST_BUS_OPERATIONS_DIR).toBe(join(dir, 'legacy', 'bus-operations-test'));
    const stops = readFileSync(join(dir, 'legacy', 'bus-operations-test', '公交站点.csv'));
    expect(iconv.decode(stops, 'gbk').split('\r\n')[0]).toContain('站点编号');
    expect(city.env.CITYHUB_TEST_FIRE_HAZARDS_URL).toBe(city.soap.get('fire-hazards-test')!.url);
    expect(city.env.CITYHUB_RIVER_GAUGES_MQTT).toBe(city.mqttUrl);

    // The first round is retained on the broker at start-up; tick() publishes the next.
    const client = await connectAsync(city.mqttUrl!);
    const seen: string[] = [];
    client.on('message', (topic, payload) => seen.push(`${topic} ${JSON.parse(payload.toString()).SW}`));
    await client.subscribeAsync(`${topicRoot}/water/level/+/reading`, { qos: 1 });
    try {
      await waitFor('the retained first round', () => seen.length === 4);
      expect(city.mqtt.get('river-gauges')!.ticks).toBe(1);
      await city.tick();
      await waitFor('the second round', () => seen.length === 8);
      expect(city.mqtt.get('river-gauges')!.ticks).toBe(2);
    } finally {
      await client.endAsync();
    }

    // Every connector reads its simulator.
    for (const definition of mixedDepartments) {
      const connector = createConnector(definition, { env: city.env, dataDir: dir });
      connectors.push(connector);
      await connector.probe();
    }
  });

  it('publishes on a timer when sensorIntervalMs is set', async () => {
    const city = await start({ dataDir: dataDir(), simulators: mixedSimulators.slice(0, 1), departments: mixedDepartments, sensorIntervalMs: 20 });
    await waitFor('timer rounds', () => city.mqtt.get('river-gauges')!.ticks >= 3);
  });

  it('publishes to the broker CITYHUB_MQTT_URL names instead of its own', async () => {
    const external = await startMqttBroker();
    try {
      const city = await start({ dataDir: dataDir(), simulators: mixedSimulators.slice(0, 1), departments: mixedDepartments, mqttUrl: external.url });
      expect(city.mqttUrl).toBe(external.url);
      expect(city.env.CITYHUB_RIVER_GAUGES_MQTT).toBe(external.url);
      await city.close();
    } finally {
      await external.close();
    }
  });

  it.runIf(serverUrl('CITYHUB_TEST_MQTT_URL') !== undefined)('runs its sensors on a real Mosquitto broker', async () => {
    const url = serverUrl('CITYHUB_TEST_MQTT_URL')!;
    const city = await start({ dataDir: dataDir(), simulators: mixedSimulators.slice(0, 1), departments: mixedDepartments, mqttUrl: url });
    await city.tick();
    expect(city.mqtt.get('river-gauges')!.ticks).toBe(2);
  });

  it('rewrites files only when the seed or scale changed', async () => {
    const dir = dataDir();
    const systems = { simulators: mixedSimulators.slice(1, 2), departments: mixedDepartments };
    await (await start({ dataDir: dir, ...systems })).close();
    const file = join(dir, 'legacy', 'bus-operations-test', '公交线路.csv');
    const sqlite = join(dir, 'legacy', 'grids.sqlite');
    await (await start({ dataDir: dir, only: ['grids'] })).close();
    const first = [statSync(file).mtimeMs, statSync(sqlite).mtimeMs];
    await new Promise((resolve) => setTimeout(resolve, 20));
    await (await start({ dataDir: dir, ...systems })).close();
    await (await start({ dataDir: dir, only: ['grids'] })).close();
    expect([statSync(file).mtimeMs, statSync(sqlite).mtimeMs]).toEqual(first);
    await (await start({ dataDir: dir, ...systems, seed: 7 })).close();
    expect(statSync(file).mtimeMs).toBeGreaterThan(first[0]!);
  });
});

describe('the sample city: misuse', () => {
  it('names a system without a manifest, a kind that disagrees with it, a duplicate and an unknown id', async () => {
    const dir = dataDir();
    await expect(start({ dataDir: dir, simulators: [{ id: 'nowhere', kind: 'sql', tables: () => [] }] })).rejects.toThrow(
      new TypeError('simulator "nowhere" has no connector manifest in connectors/sample-city/departments (DEPARTMENTS)'),
    );
    await expect(start({ dataDir: dir, simulators: [{ id: 'grids', kind: 'csv', files: () => [] }] })).rejects.toThrow(
      new TypeError('simulator "grids" is of kind "csv" but its manifest\'s source is "sql"'),
    );
    const grids = SIMULATORS.find((s) => s.id === 'grids')!;
    await expect(start({ dataDir: dir, simulators: [grids, grids] })).rejects.toThrow(new TypeError('simulators lists "grids" twice'));
    await expect(start({ dataDir: dir, only: ['grids', 'atlantis'] })).rejects.toThrow(new TypeError('only names systems without a simulator: "atlantis"'));
  });

  it('refuses a negative or fractional sensorIntervalMs', async () => {
    await expect(start({ dataDir: dataDir(), sensorIntervalMs: -1 })).rejects.toThrow(new TypeError('sensorIntervalMs must be a non-negative integer, received -1'));
    await expect(start({ dataDir: dataDir(), sensorIntervalMs: 0.5 })).rejects.toThrow(TypeError);
  });

  it('stops what it started when one simulator fails to start', async () => {
    const failing: SimulatorSpec[] = [
      mixedSimulators[2]!,
      { id: 'river-gauges', kind: 'mqtt', sensors: () => [] },
    ];
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    await expect(start({ dataDir: dataDir(), simulators: failing, departments: mixedDepartments })).rejects.toThrow('sensors must list at least one sensor, received none');
    // Closed servers leave the list of active handles on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length).toBe(before);
  });
});
