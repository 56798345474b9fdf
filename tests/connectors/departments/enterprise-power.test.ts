import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/enterprise-power.ts';
import spec from '../../../connectors/sample-city/simulators/systems/enterprise-power.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the enterprise-power connector over its simulated REST API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('walks every page of a month and returns each enterprise of the city once', async () => {
    system.rest!.calls.length = 0;
    const result = await system.run(`{ powerConsumptions(where: { month: "2026-10" }, first: 1000) { creditCode kwh peakKwh } }`);
    expect(result.errors).toBeUndefined();
    const rows = result.data.powerConsumptions as any[];
    expect(rows).toHaveLength(Math.min(1000, system.model.enterprises.length));
    expect(new Set(rows.map((r) => r.creditCode)).size).toBe(rows.length);
    expect(rows.every((r) => r.peakKwh < r.kwh)).toBe(true);
  });

  it('extends Enterprise with three months of consumption, one request for a batch', async () => {
    system.rest!.calls.length = 0;
    const codes = system.model.enterprises.slice(0, 6).map((e) => e.creditCode);
    const result = await system.run(`query($codes: [ID!]!) { _lookupEnterprise(keys: $codes) { creditCode powerConsumption { month enterprise { creditCode } } } }`, { codes });
    expect(result.errors).toBeUndefined();
    for (const [index, code] of codes.entries()) {
      const months = result.data._lookupEnterprise[index].powerConsumption;
      expect(months.map((m: any) => m.month).sort()).toEqual(['2026-08', '2026-09', '2026-10']);
      expect(months.every((m: any) => m.enterprise.creditCode === code)).toBe(true);
    }
    expect(system.rest!.calls).toHaveLength(1);
    expect(system.rest!.calls[0]!.query.uscc!.split(',').sort()).toEqual([...codes].sort());
  });

  it('catalogues contracted capacity as a conditional commercial secret', () => {
    expect(definition.manifest.catalogue.PowerConsumption!.fields.contractKva).toMatchObject({ sharing: 'conditional', sensitivity: 'sensitive' });
  });
});
