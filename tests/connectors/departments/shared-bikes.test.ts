import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/shared-bikes.ts';
import spec from '../../../connectors/sample-city/simulators/systems/shared-bikes.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the shared-bikes connector over its simulated supervision platform', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('serves one parking zone per grid, the operators adding up to the bikes parked', async () => {
    const result = await system.run(`{ bikeParkingZones(within: "310106013", first: 1000) { zoneId gridCode capacity bikesParked hellobikeBikes meituanBikes didiBikes overCapacity } }`);
    expect(result.errors).toBeUndefined();
    const grids = system.model.grids.filter((g) => g.streetCode === '310106013');
    expect(result.data.bikeParkingZones.map((z: any) => z.gridCode)).toEqual(grids.map((g) => g.code));
    for (const zone of result.data.bikeParkingZones) {
      expect(zone.bikesParked).toBe(zone.hellobikeBikes + zone.meituanBikes + zone.didiBikes);
      expect(zone.overCapacity).toBe(zone.bikesParked > zone.capacity);
    }
  });

  it('filters over-capacity zones in the connector and batches Grid.bikeParkingZones', async () => {
    const over = await system.run(`{ bikeParkingZones(where: { overCapacity: true }, first: 1000) { bikesParked capacity } }`);
    expect(over.errors).toBeUndefined();
    expect(over.data.bikeParkingZones.length).toBeGreaterThan(0);
    expect(over.data.bikeParkingZones.every((z: any) => z.bikesParked > z.capacity)).toBe(true);
    const codes = system.model.grids.slice(0, 30).map((g) => g.code);
    system.rest!.calls.length = 0;
    const grids = await system.run(`query($codes: [String!]!) { _lookupGrid(keys: $codes) { code bikeParkingZones { gridCode } } }`, { codes });
    expect(grids.data._lookupGrid.every((g: any) => g.bikeParkingZones.length === 1 && g.bikeParkingZones[0].gridCode === g.code)).toBe(true);
    expect(system.rest!.calls).toHaveLength(1);
  });
});
