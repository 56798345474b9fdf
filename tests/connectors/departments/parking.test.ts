import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/parking.ts';
import spec from '../../../connectors/sample-city/simulators/systems/parking.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the parking connector over its simulated parking platform', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('serves two or three car parks per street with free spaces never above capacity', async () => {
    const result = await system.run(`{ parkingLots(within: "310106", first: 1000) { lotId streetCode totalSpaces freeSpaces open24h location { lat lng } } }`);
    expect(result.errors).toBeUndefined();
    const streets = system.model.streets.filter((s) => s.districtCode === '310106');
    for (const street of streets) {
      const lots = result.data.parkingLots.filter((l: any) => l.streetCode === street.code);
      expect(lots.length).toBeGreaterThanOrEqual(2);
      expect(lots.length).toBeLessThanOrEqual(3);
    }
    expect(result.data.parkingLots.every((l: any) => l.freeSpaces >= 0 && l.freeSpaces <= l.totalSpaces)).toBe(true);
  });

  it('batches Street.parkingLots for many streets into one call', async () => {
    const codes = system.model.streets.slice(0, 20).map((s) => s.code);
    system.rest!.calls.length = 0;
    const result = await system.run(`query($codes: [String!]!) { _lookupStreet(keys: $codes) { code parkingLots { lotId streetCode } } }`, { codes });
    expect(result.errors).toBeUndefined();
    expect(system.rest!.calls).toHaveLength(1);
    expect(result.data._lookupStreet.every((s: any) => s.parkingLots.length >= 2 && s.parkingLots.every((l: any) => l.streetCode === s.code))).toBe(true);
  });
});
