import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/air-quality.ts';
import spec, { airQualityStations, aqiGrade, districtAqi } from '../../../connectors/sample-city/simulators/systems/air-quality.ts';
import { eventually, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the air-quality connector over its simulated stations', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('keeps the latest reading of every station, one for every three streets of a district', async () => {
    const stations = airQualityStations(system.model);
    expect(stations.filter((s) => s.districtCode === '310106')).toHaveLength(Math.ceil(6 / 3));
    const result = await eventually('every station', () => system.run(`{ airQualityStations(first: 1000) { stationId districtCode streetCode aqi grade measuredAt } }`), (r) => r.data?.airQualityStations?.length === stations.length);
    expect(result.errors).toBeUndefined();
    for (const row of result.data.airQualityStations) {
      const station = stations.find((s) => s.id === row.stationId)!;
      expect(row).toEqual({ stationId: station.id, districtCode: station.districtCode, streetCode: station.streetCode, aqi: station.aqi(0), grade: aqiGrade(station.aqi(0)), measuredAt: '2026-11-28T00:00:00.000Z' });
    }
  });

  it('publishes each district’s AQI as the mean of its stations, linked as District.airQuality', async () => {
    const stations = airQualityStations(system.model);
    const codes = system.model.districts.map((d) => d.code);
    const result = await eventually('every district', () => system.run(`query($codes: [AdminCode!]!) { _lookupDistrict(keys: $codes) { code airQuality { aqi grade stationCount } } }`, { codes }), (r) => r.data?._lookupDistrict?.every((d: any) => d.airQuality));
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupDistrict).toEqual(codes.map((code) => {
      const aqi = districtAqi(stations, code, 0);
      return { code, airQuality: { aqi, grade: aqiGrade(aqi), stationCount: stations.filter((s) => s.districtCode === code).length } };
    }));
  });

  it('lets the climbing station in 宝山 turn heavily polluted as the hours pass', async () => {
    for (let tick = 1; tick <= 6; tick += 1) await system.mqtt!.tick();
    const station = airQualityStations(system.model).find((s) => s.districtCode === '310113')!;
    expect(station.aqi(6)).toBeGreaterThan(200);
    const result = await eventually('the sixth hour', () => system.run(`query($id: ID!) { airQualityStation(stationId: $id) { aqi grade } }`, { id: station.id }), (r) => r.data?.airQualityStation?.aqi === station.aqi(6));
    expect(result.data.airQualityStation.grade).toBe(aqiGrade(station.aqi(6)));
  });
});
