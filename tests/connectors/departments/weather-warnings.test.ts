import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/weather-warnings.ts';
import spec, { weatherWarningsOf } from '../../../connectors/sample-city/simulators/systems/weather-warnings.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the weather-warnings connector over the SOAP warning service', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('reads every warning in force, typed, through SOAP envelopes', async () => {
    const expected = weatherWarningsOf(system.model);
    const result = await system.run(`{ weatherWarnings(first: 1000) { warningId districtCode hazard level issuedAt expiresAt text } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.weatherWarnings.map((w: any) => w.warningId)).toEqual(expected.map((w) => w.warningId));
    const rainstorm = result.data.weatherWarnings.find((w: any) => w.warningId === 'YJ310106-BY');
    expect(rainstorm).toMatchObject({ districtCode: '310106', hazard: '暴雨' });
    expect(['黄色', '橙色', '红色']).toContain(rainstorm.level);
    expect(Date.parse(rainstorm.expiresAt) - Date.parse(rainstorm.issuedAt)).toBe(6 * 3_600_000);
  });

  it('answers District.weatherWarnings for a batch of districts with one SOAP call', async () => {
    system.soap!.calls.length = 0;
    const keys = system.model.districts.slice(0, 6).map((d) => d.code);
    const result = await system.run(`query ($keys: [AdminCode!]!) { _lookupDistrict(keys: $keys) { code weatherWarnings { warningId } } }`, { keys });
    expect(result.errors).toBeUndefined();
    for (const district of result.data._lookupDistrict) {
      expect(district.weatherWarnings.map((w: any) => w.warningId)).toEqual(weatherWarningsOf(system.model).filter((w) => w.districtCode === district.code).map((w) => w.warningId));
    }
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.params.qxdm).toEqual(keys);
  });
});
