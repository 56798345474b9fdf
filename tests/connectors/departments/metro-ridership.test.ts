import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/metro-ridership.ts';
import spec from '../../../connectors/sample-city/simulators/systems/metro-ridership.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the metro-ridership connector over its simulated AFC drop', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('serves a row per station and service hour, morning peaks entering and evening peaks leaving', async () => {
    if (spec.kind !== 'csv') throw new Error('metro-ridership is a csv system');
    const [file] = spec.files(system.model);
    const station = file!.rows[0]!;
    const result = await system.run(`query($id: ID) { stationFlows(where: { stationId: $id }, first: 100) { stationName line hour entries exits streetCode } }`, { id: station.STATION_ID });
    expect(result.errors).toBeUndefined();
    const rows = result.data.stationFlows;
    expect(rows.map((r: any) => r.hour)).toEqual(Array.from({ length: 19 }, (_, i) => 5 + i));
    expect(rows.every((r: any) => r.stationName === station.STATION_NAME && r.streetCode === station.STREET_CODE)).toBe(true);
    const at = (hour: number) => rows.find((r: any) => r.hour === hour);
    expect(at(8).entries).toBeGreaterThan(at(8).exits);
    expect(at(18).exits).toBeGreaterThan(at(18).entries);
  });

  it('answers Street.metroStationFlows for many streets in one read', async () => {
    const codes = system.model.streets.slice(0, 10).map((s) => s.code);
    system.upstreamCalls.length = 0;
    const result = await system.run(`query($codes: [String!]!) { _lookupStreet(keys: $codes) { code metroStationFlows { hour } } }`, { codes });
    expect(result.errors).toBeUndefined();
    // A station in every other street of the model.
    expect(result.data._lookupStreet.map((s: any) => s.metroStationFlows.length)).toEqual(codes.map((_, i) => (i % 2 === 0 ? 19 : 0)));
    expect(system.upstreamCalls).toHaveLength(1);
  });
});
