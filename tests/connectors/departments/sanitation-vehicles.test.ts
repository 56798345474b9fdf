import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/sanitation-vehicles.ts';
import spec from '../../../connectors/sample-city/simulators/systems/sanitation-vehicles.ts';
import { eventually, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the sanitation-vehicles connector over its simulated GPS terminals', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('tracks exactly the city model’s sanitation vehicles, by plate, in their districts', async () => {
    const vehicles = system.model.vehicles.filter((v) => v.kind === 'sanitation');
    const result = await eventually('every vehicle', () => system.run(`{ sanitationVehicles(first: 1000) { plate districtCode streetCode speedKmh workState overspeed } }`), (r) => r.data?.sanitationVehicles?.length === vehicles.length);
    expect(result.errors).toBeUndefined();
    const byPlate = new Map(vehicles.map((v) => [v.plate, v]));
    for (const row of result.data.sanitationVehicles) {
      expect(byPlate.get(row.plate)?.districtCode).toBe(row.districtCode);
      expect(row.streetCode.startsWith(row.districtCode)).toBe(true);
      expect(row.overspeed).toBe(row.workState === '作业中' && row.speedKmh > 40);
    }
  });

  it('adds Vehicle.sanitationVehicle by plate, null for a plate it does not track', async () => {
    const plate = system.model.vehicles.find((v) => v.kind === 'sanitation')!.plate;
    const privateCar = system.model.vehicles.find((v) => v.kind === 'private')!.plate;
    const result = await system.run(`query($plates: [ID!]!) { _lookupVehicle(keys: $plates) { plate sanitationVehicle { plate vehicle { plate } } } }`, { plates: [plate, privateCar] });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupVehicle).toEqual([
      { plate, sanitationVehicle: { plate, vehicle: { plate } } },
      { plate: privateCar, sanitationVehicle: null },
    ]);
  });
});
