import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/noise-monitors.ts';
import spec from '../../../connectors/sample-city/simulators/systems/noise-monitors.ts';
import { eventually, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the noise-monitors connector over its simulated monitors', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('keeps one latest Leq per street, flagged when it exceeds its zone’s limit', async () => {
    const streets = system.model.streets.length;
    const result = await eventually('every monitor', () => system.run(`{ noiseReadings(first: 1000) { monitorId streetCode zoneClass leqDb limitDb exceeded } }`), (r) => r.data?.noiseReadings?.length === streets);
    expect(result.errors).toBeUndefined();
    const rows = result.data.noiseReadings as any[];
    expect(new Set(rows.map((r) => r.streetCode)).size).toBe(streets);
    for (const row of rows) {
      expect(row.monitorId).toBe(`ZS${row.streetCode}`);
      expect(row.limitDb).toBe([55, 60, 65, 70][row.zoneClass - 1]);
      expect(row.exceeded).toBe(row.leqDb > row.limitDb);
    }
    expect(rows.some((r) => r.exceeded)).toBe(true);
    expect(rows.some((r) => !r.exceeded)).toBe(true);
  });

  it('filters exceedances and answers Street.noiseMonitors for a batch of streets', async () => {
    const result = await system.run(`{
      noiseReadings(where: { exceeded: true }, first: 1000) { exceeded }
      _lookupStreet(keys: ["310106013", "310106016"]) { code noiseMonitors { monitorId } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.noiseReadings.every((r: any) => r.exceeded)).toBe(true);
    expect(result.data._lookupStreet).toEqual([
      { code: '310106013', noiseMonitors: [{ monitorId: 'ZS310106013' }] },
      { code: '310106016', noiseMonitors: [{ monitorId: 'ZS310106016' }] },
    ]);
  });
});
