import { readFileSync } from 'node:fs';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityModel } from '../../connectors/sample-city/index.ts';
import roadConditions, { congestionLevel } from '../../connectors/sample-city/simulators/systems/road-conditions.ts';
import { pumpTruckRecommendationsOf, pumpTrucksOf } from '../../connectors/sample-city/simulators/systems/pump-trucks.ts';
import { rainForecastsOf, rainGaugesOf } from '../../connectors/sample-city/simulators/systems/rainfall.ts';
import { waterloggingDepthAt, waterloggingPointsOf } from '../../connectors/sample-city/simulators/systems/road-waterlogging.ts';
import { riverLevelAt, riverStationsOf } from '../../connectors/sample-city/simulators/systems/water-levels.ts';
import { weatherWarningsOf } from '../../connectors/sample-city/simulators/systems/weather-warnings.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const FILE = readFileSync(new URL('../../gateway/operations/flood-control.graphql', import.meta.url), 'utf8');

/** One named operation of the scenario's document file. */
function operation(name: string): string {
  const document = parse(FILE);
  const found = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!found) throw new Error(`gateway/operations/flood-control.graphql has no operation ${name}`);
  return print({ kind: Kind.DOCUMENT, definitions: [found] });
}

const FLOOD_CONTROL = operation('FloodControl');
const OPEN_DATA = operation('FloodControlOpenData');
const DISTRICT = '310106';
const STREET = '310106013';

/** A legacy local time (Asia/Shanghai) as the DateTime scalar answers it. */
const cityTime = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`).toISOString();
const byKey = <T,>(rows: readonly T[], key: keyof T) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

/** The transport commission's legacy rows (road segments and hourly congestion), as its simulator serves them. */
function roadConditionsOf(model: CityModel): { segments: Array<Record<string, any>>; congestion: Array<Record<string, any>> } {
  if (roadConditions.kind !== 'rest') throw new Error('road-conditions is expected to be a rest system');
  const [segments, congestion] = roadConditions.resources(model).map((resource) => resource.rows as Array<Record<string, any>>);
  return { segments: segments!.filter((r) => 'jddm' in r && !('tpi' in r)), congestion: congestion!.filter((r) => 'tpi' in r) };
}

/** What the city model says the scenario answers for a jurisdiction, at the first round of sensor readings. */
function expectedFor(model: CityModel, scope: string) {
  const sensors = waterloggingPointsOf(model)
    .filter((p) => p.streetCode.startsWith(scope) && waterloggingDepthAt(p, 0) > p.thresholdCm)
    .sort((a, b) => a.sensorId.localeCompare(b.sensorId));
  return {
    gauges: rainGaugesOf(model).filter((g) => g.streetCode.startsWith(scope)),
    stations: riverStationsOf(model).filter((s) => s.streetCode.startsWith(scope)),
    sensors,
    recommendations: pumpTruckRecommendationsOf(model),
    trucks: new Map(pumpTrucksOf(model).map((t) => [t.plate, t])),
  };
}

describe('scenario: flood control (防汛) for a district during rain', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
    // The sensors' retained readings reach the MQTT connectors asynchronously after they
    // subscribe: wait until every river station and waterlogging sensor of the district arrived.
    const model = hub.city.model;
    const want = riverStationsOf(model).filter((s) => s.districtCode === DISTRICT).length + waterloggingPointsOf(model).filter((p) => p.districtCode === DISTRICT).length;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await hub.queryAs(null, `{ waterLevelStations(within: "${DISTRICT}", first: 1000) { stationId } waterloggingSensors(within: "${DISTRICT}", first: 1000) { sensorId } }`);
      const have = (response.data?.waterLevelStations?.length ?? 0) + (response.data?.waterloggingSensors?.length ?? 0);
      if (have === want) break;
      if (Date.now() > deadline) throw new Error(`readings of ${DISTRICT} did not all arrive: ${have} of ${want} (${JSON.stringify(response.errors)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('answers the district officer with rainfall, forecast, warnings, river levels, flooded roads and the nearest pump trucks', async () => {
    const model = hub.city.model;
    const expected = expectedFor(model, DISTRICT);
    expect(expected.sensors.length).toBeGreaterThan(2);

    const response = await hub.queryAs('districtOfficer', FLOOD_CONTROL, { district: DISTRICT }, 'emergency-response');
    // The only errors: the trucks of other districts recommended to a sensor near the border,
    // which the row policy withholds, each at its own path.
    const withheld = expected.sensors.flatMap((point, index) =>
      expected.recommendations
        .filter((r) => r.sensorId === point.sensorId && !expected.trucks.get(r.plate)!.districtCode.startsWith(DISTRICT))
        .map((r) => ['waterloggingSensors', index, 'nearestPumpTrucks', r.rank - 1, 'pumpTruck']),
    );
    expect((response.errors ?? []).map((e) => e.path)).toEqual(withheld);
    expect((response.errors ?? []).every((e) => e.extensions?.code === 'FORBIDDEN' && e.extensions?.type === 'PumpTruck')).toBe(true);
    const { district, rainfallObservations, waterLevelStations, waterloggingSensors } = response.data;

    expect(district.name).toBe('静安区');
    expect(district.rainfallForecasts).toEqual(
      rainForecastsOf(model)
        .filter((f) => f.districtCode === DISTRICT)
        .map((f) => ({ leadHours: f.leadHours, validFrom: cityTime(f.validFrom), validTo: cityTime(f.validTo), precipitationMm: f.precipitationMm, probability: f.probability, category: f.category })),
    );
    const warnings = weatherWarningsOf(model).filter((w) => w.districtCode === DISTRICT);
    expect(district.weatherWarnings).toEqual(warnings.map((w) => ({ warningId: w.warningId, hazard: w.hazard, level: w.level, issuedAt: cityTime(w.issuedAt), expiresAt: cityTime(w.expiresAt) })));
    expect(district.weatherWarnings.some((w: any) => w.hazard === '暴雨')).toBe(true);

    expect(rainfallObservations).toEqual(
      expected.gauges.map((g) => ({ stationId: g.stationId, streetCode: g.streetCode, hourlyMm: g.hourlyMm, last24hMm: g.last24hMm, observedAt: cityTime(g.observedAt) })),
    );
    expect(byKey(waterLevelStations, 'stationId').map((s: any) => [s.stationId, s.levelM, s.alarm])).toEqual(
      byKey(expected.stations, 'stationId').map((s) => [s.stationId, riverLevelAt(s, 0), riverLevelAt(s, 0) > s.warningLevelM]),
    );

    expect(waterloggingSensors.map((s: any) => s.sensorId)).toEqual(expected.sensors.map((s) => s.sensorId));
    const roads = roadConditionsOf(model);
    for (const [index, point] of expected.sensors.entries()) {
      const got = waterloggingSensors[index];
      expect(got).toMatchObject({ road: point.road, streetCode: point.streetCode, depthCm: waterloggingDepthAt(point, 0), thresholdCm: point.thresholdCm, location: { lat: point.lat, lng: point.lng } });
      expect(got.street.code).toBe(point.streetCode);
      // Congestion on the sensor's roads, from the transport commission's system, joined by street code.
      expect(got.street.roadSegments.map((r: any) => r.segmentId)).toEqual(roads.segments.filter((r) => r.jddm === point.streetCode).map((r) => r.ldbm));
      for (const segment of got.street.roadSegments) {
        expect(segment.congestion.map((c: any) => [c.period, c.index, c.level])).toEqual(
          roads.congestion.filter((c) => c.ldbm === segment.segmentId).map((c) => [c.sd, c.tpi, congestionLevel(Number(c.tpi))]),
        );
      }
      const recommended = expected.recommendations.filter((r) => r.sensorId === point.sensorId);
      expect(got.nearestPumpTrucks.map((r: any) => [r.rank, r.plate, r.distanceKm, r.etaMinutes])).toEqual(recommended.map((r) => [r.rank, r.plate, r.distanceKm, r.etaMinutes]));
      for (const recommendation of got.nearestPumpTrucks) {
        const truck = expected.trucks.get(recommendation.plate)!;
        if (!truck.districtCode.startsWith(DISTRICT)) {
          // Another district's truck: the row policy withholds it from a district officer.
          expect(recommendation.pumpTruck).toBeNull();
          continue;
        }
        expect(recommendation.pumpTruck).toMatchObject({ plate: truck.plate, districtCode: truck.districtCode, status: truck.status, capacityM3h: truck.capacityM3h, location: { lat: truck.lat, lng: truck.lng } });
        // The crew leader is personal data of another department: masked, never in the clear.
        expect(recommendation.pumpTruck.crewLeader).not.toBe(truck.crewLeader);
        expect(recommendation.pumpTruck.crewLeader.startsWith(truck.crewLeader[0]!)).toBe(true);
        expect(recommendation.pumpTruck.street.code).toBe(truck.streetCode);
        expect(recommendation.pumpTruck.street.roadSegments.map((r: any) => r.segmentId)).toEqual(roads.segments.filter((r) => r.jddm === truck.streetCode).map((r) => r.ldbm));
      }
    }
    expect(waterloggingSensors.some((s: any) => s.nearestPumpTrucks.some((r: any) => r.pumpTruck !== null))).toBe(true);
  });

  it("shows a street officer only their street's sensors, gauges and stations, even when asking for the district", async () => {
    const expected = expectedFor(hub.city.model, STREET);
    const response = await hub.queryAs('streetOfficer', FLOOD_CONTROL, { district: DISTRICT }, 'city-operations');
    const { rainfallObservations, waterLevelStations, waterloggingSensors } = response.data;
    expect(response.errors!.length).toBeGreaterThan(0);
    expect(response.errors!.every((e) => e.extensions?.code === 'FORBIDDEN' && ['District', 'PumpTruck'].includes(e.extensions?.type))).toBe(true);
    expect(rainfallObservations.map((g: any) => g.stationId)).toEqual(expected.gauges.map((g) => g.stationId));
    expect(waterLevelStations.map((s: any) => s.stationId).sort()).toEqual(expected.stations.map((s) => s.stationId).sort());
    expect(waterloggingSensors.map((s: any) => s.sensorId)).toEqual(expected.sensors.map((s) => s.sensorId));
    expect(waterloggingSensors.every((s: any) => s.streetCode === STREET)).toBe(true);
    // The district itself lies outside a street officer's jurisdiction, and so do the district's trucks.
    expect(response.data.district).toBeNull();
    for (const sensor of waterloggingSensors) for (const r of sensor.nearestPumpTrucks) expect(r.pumpTruck).toBeNull();
  });

  it('gives an app developer and an anonymous citizen the open data of the whole district, nothing else', async () => {
    const model = hub.city.model;
    const expected = expectedFor(model, DISTRICT);
    for (const persona of ['appDeveloper', null] as const) {
      const response = await hub.queryAs(persona, OPEN_DATA, { district: DISTRICT });
      expect(response.errors).toBeUndefined();
      expect(response.data.rainfallObservations.map((g: any) => g.stationId)).toEqual(expected.gauges.map((g) => g.stationId));
      expect(response.data.rainfallForecasts).toHaveLength(3);
      expect(response.data.waterLevelStations).toHaveLength(expected.stations.length);
      expect(response.data.waterloggingSensors.map((s: any) => s.sensorId)).toEqual(expected.sensors.map((s) => s.sensorId));

      // The full operation: government data (pump trucks, dispatch) never reaches a public caller.
      const full = await hub.queryAs(persona, FLOOD_CONTROL, { district: DISTRICT });
      expect(full.data?.waterloggingSensors?.flatMap((s: any) => s.nearestPumpTrucks ?? []).filter((r: any) => r !== null) ?? []).toEqual([]);
      expect(JSON.stringify(full.data ?? {})).not.toContain(pumpTrucksOf(model).find((t) => t.districtCode === DISTRICT)!.plate);
    }
  });
});
