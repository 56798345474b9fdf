import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/enforcement-vehicles.ts';
import spec, { enforcementVehicleSensors } from '../../../connectors/sample-city/simulators/systems/enforcement-vehicles.ts';
import { eventually, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the enforcement-vehicles connector over its simulated GPS terminals', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it("tracks every enforcement vehicle of the model by plate, within its district's streets", async () => {
    const vehicles = system.model.vehicles.filter((v) => v.kind === 'enforcement');
    const result = await eventually('every vehicle', () => system.run(`{ enforcementVehicles(first: 1000) { plate terminalId districtCode streetCode status location { lat lng } } }`), (r) => r.data?.enforcementVehicles?.length === vehicles.length);
    expect(result.errors).toBeUndefined();
    for (const row of result.data.enforcementVehicles) {
      const vehicle = vehicles.find((v) => v.plate === row.plate)!;
      expect(row.districtCode).toBe(vehicle.districtCode);
      expect(row.streetCode.startsWith(vehicle.districtCode)).toBe(true);
      expect(row.terminalId).toMatch(new RegExp(`^ZF${vehicle.districtCode}\\d{3}$`));
    }
  });

  it('answers Vehicle.enforcementVehicle for a batch of plates and District.enforcementVehicles', async () => {
    const plates = system.model.vehicles.filter((v) => v.kind === 'enforcement' && v.districtCode === '310106').map((v) => v.plate);
    const result = await system.run(`query($plates: [String!]!) { _lookupVehicle(keys: $plates) { plate enforcementVehicle { plate team } } _lookupDistrict(keys: ["310106"]) { enforcementVehicles { plate } } }`, { plates });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupVehicle.map((v: any) => v.enforcementVehicle.plate)).toEqual(plates);
    expect(result.data._lookupDistrict[0].enforcementVehicles.map((v: any) => v.plate).sort()).toEqual([...plates].sort());
  });

  it('raises the one-key alarm of the first vehicle of each district on the fifth tick', async () => {
    for (let tick = 1; tick <= 5; tick += 1) await system.mqtt!.tick();
    const sensors = enforcementVehicleSensors(system.model);
    const alarmed = sensors.filter((s) => s.reading(5).YJBJ === 1).map((s) => String(s.reading(5).CPHM));
    expect(alarmed).toHaveLength(system.model.districts.length);
    const result = await eventually('the alarms', () => system.run(`{ enforcementVehicles(first: 1000) { plate emergency } }`), (r) => r.data?.enforcementVehicles?.filter((v: any) => v.emergency).length === alarmed.length);
    expect(result.data.enforcementVehicles.filter((v: any) => v.emergency).map((v: any) => v.plate).sort()).toEqual(alarmed.sort());
  });
});
