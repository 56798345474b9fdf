import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/rainfall.ts';
import spec, { rainForecastsOf, rainGaugesOf } from '../../../connectors/sample-city/simulators/systems/rainfall.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the rainfall connector over the meteorological open-data API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('maps every rain gauge of a district, one per street, with its latest observation', async () => {
    const gauges = rainGaugesOf(system.model).filter((g) => g.districtCode === '310106');
    const result = await system.run(`{ rainfallObservations(within: "310106", first: 1000) { stationId streetCode hourlyMm last24hMm location { lat lng } observedAt } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.rainfallObservations).toHaveLength(system.model.streets.filter((s) => s.districtCode === '310106').length);
    expect(result.data.rainfallObservations[0]).toEqual({
      stationId: gauges[0]!.stationId,
      streetCode: gauges[0]!.streetCode,
      hourlyMm: gauges[0]!.hourlyMm,
      last24hMm: gauges[0]!.last24hMm,
      location: { lat: gauges[0]!.lat, lng: gauges[0]!.lng },
      observedAt: new Date(`${gauges[0]!.observedAt.replace(' ', 'T')}+08:00`).toISOString(),
    });
  });

  it('walks every page of a city-wide list (pages of 200)', async () => {
    const result = await system.run(`{ rainfallObservations(first: 1000) { stationId } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.rainfallObservations).toHaveLength(rainGaugesOf(system.model).length);
    expect(system.model.streets.length).toBeGreaterThan(0);
  });

  it('answers the forecasts of several districts in one batched call', async () => {
    system.rest!.calls.length = 0;
    const result = await system.run(`{ _lookupDistrict(keys: ["310106", "310101"]) { code rainfallForecasts { leadHours precipitationMm category } } }`);
    expect(result.errors).toBeUndefined();
    for (const district of result.data._lookupDistrict) {
      const expected = rainForecastsOf(system.model).filter((f) => f.districtCode === district.code);
      expect(district.rainfallForecasts).toEqual(expected.map((f) => ({ leadHours: f.leadHours, precipitationMm: f.precipitationMm, category: f.category })));
    }
    expect(system.rest!.calls.filter((call) => call.path === '/openapi/qx/dlyb')).toHaveLength(1);
    expect(system.rest!.calls[0]!.query.qxdm).toBe('310106,310101');
  });

  it("puts Jing'an under the storm: its first forecast hour is a rainstorm", () => {
    const first = rainForecastsOf(system.model).find((f) => f.districtCode === '310106' && f.leadHours === 1)!;
    expect(first.precipitationMm).toBeGreaterThanOrEqual(16);
    expect(first.category === '暴雨' || first.category === '大暴雨').toBe(true);
  });
});
