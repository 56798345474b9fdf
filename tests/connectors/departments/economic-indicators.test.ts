import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/economic-indicators.ts';
import spec from '../../../connectors/sample-city/simulators/systems/economic-indicators.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the economic-indicators connector over its GBK drop', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('holds five indicators for every district and month, values cumulating over the year', async () => {
    const result = await system.run(`{ economicIndicators(where: { districtCode: "310106", indicatorCode: "SHXFPLS" }, first: 1000) { month value unit indicatorName } }`);
    expect(result.errors).toBeUndefined();
    const rows = [...result.data.economicIndicators].sort((a: any, b: any) => a.month.localeCompare(b.month));
    expect(rows.map((r: any) => r.month)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(rows.every((r: any) => r.unit === '亿元' && r.indicatorName === '社会消费品零售总额')).toBe(true);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i].value).toBeGreaterThan(rows[i - 1].value);
  });

  it('answers District.economicIndicators for every district in one read', async () => {
    system.upstreamCalls.length = 0;
    const codes = system.model.districts.map((d) => d.code);
    const result = await system.run(`query($codes: [AdminCode!]!) { _lookupDistrict(keys: $codes) { economicIndicators { districtCode } } }`, { codes });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupDistrict.map((d: any) => d.economicIndicators.length)).toEqual(codes.map(() => 5 * 10));
    expect(system.upstreamCalls).toHaveLength(1);
  });

  it('catalogues unreleased statistics as internal, for government principals only', () => {
    const fields = Object.values(definition.manifest.catalogue.EconomicIndicator!.fields);
    expect(fields.every((f) => f.sharing === 'unconditional' && f.sensitivity === 'internal')).toBe(true);
  });
});
