import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/water-levels.ts';
import spec, { riverLevelAt, riverStationsOf } from '../../../connectors/sample-city/simulators/systems/water-levels.ts';
import { eventually, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the water-levels connector over the gauging stations on MQTT', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('keeps the latest level of every station, the station code taken from the topic', async () => {
    const stations = riverStationsOf(system.model);
    const result = await eventually('every station', () => system.run(`{ waterLevelStations(first: 1000) { stationId river streetCode levelM warningLevelM alarm location { lat } } }`), (r) => r.data?.waterLevelStations?.length === stations.length);
    expect(result.errors).toBeUndefined();
    const byId = new Map(result.data.waterLevelStations.map((s: any) => [s.stationId, s]));
    for (const station of stations) {
      expect(byId.get(station.stationId)).toEqual({
        stationId: station.stationId,
        river: station.river,
        streetCode: station.streetCode,
        levelM: riverLevelAt(station, 0),
        warningLevelM: station.warningLevelM,
        alarm: riverLevelAt(station, 0) > station.warningLevelM,
        location: { lat: station.lat },
      });
    }
  });

  it('raises the alarm on rising stations once they pass the warning level', async () => {
    const stations = riverStationsOf(system.model);
    for (let tick = 1; tick < 5; tick += 1) await system.mqtt!.tick();
    const expected = stations.filter((s) => riverLevelAt(s, 4) > s.warningLevelM).map((s) => s.stationId).sort();
    expect(expected.length).toBeGreaterThan(0);
    const result = await eventually('the fifth round', () => system.run(`{ waterLevelStations(where: { alarm: true }, first: 1000) { stationId } }`), (r) => r.data?.waterLevelStations?.length === expected.length);
    expect(result.data.waterLevelStations.map((s: any) => s.stationId)).toEqual(expected);
  });

  it('answers Street.waterLevelStations for a batch of streets from memory', async () => {
    const streets = ['310106001', '310106004', '310106007'];
    const result = await system.run(`query ($keys: [AdminCode!]!) { _lookupStreet(keys: $keys) { code waterLevelStations { stationId } } }`, { keys: streets });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupStreet).toEqual(
      streets.map((code) => ({ code, waterLevelStations: riverStationsOf(system.model).filter((s) => s.streetCode === code).map((s) => ({ stationId: s.stationId })) })),
    );
  });
});
