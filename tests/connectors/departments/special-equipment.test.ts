import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/special-equipment.ts';
import spec from '../../../connectors/sample-city/simulators/systems/special-equipment.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the special-equipment connector over the register API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('lists equipment used by real enterprises of the city model, in buildings of their street', async () => {
    const enterprises = new Map(system.model.enterprises.map((e) => [e.creditCode, e]));
    const buildings = new Map(system.model.buildings.map((b) => [b.buildingId, b]));
    const result = await system.run(`{ specialEquipmentItems(within: "310106", first: 1000) { equipmentId kind useUnitCreditCode useUnitName streetCode buildingId nextInspectionDue status } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.specialEquipmentItems.length).toBeGreaterThan(5);
    for (const item of result.data.specialEquipmentItems) {
      const enterprise = enterprises.get(item.useUnitCreditCode)!;
      expect(item.useUnitName).toBe(enterprise.name);
      expect(item.streetCode).toBe(enterprise.streetCode);
      if (item.buildingId) expect(buildings.get(item.buildingId)!.streetCode).toBe(item.streetCode);
    }
  });

  it('answers Enterprise.specialEquipment for a batch of enterprises with one call', async () => {
    const users = system.model.enterprises.filter((e) => e.kind === 'construction').slice(0, 4).map((e) => e.creditCode);
    system.rest!.calls.length = 0;
    const result = await system.run(`query ($keys: [ID!]!) { _lookupEnterprise(keys: $keys) { creditCode specialEquipment { useUnitCreditCode } } }`, { keys: users });
    expect(result.errors).toBeUndefined();
    for (const enterprise of result.data._lookupEnterprise) {
      expect(enterprise.specialEquipment.length).toBeGreaterThanOrEqual(1);
      expect(enterprise.specialEquipment.every((e: any) => e.useUnitCreditCode === enterprise.creditCode)).toBe(true);
    }
    expect(system.rest!.calls).toHaveLength(1);
  });

  it('filters by a field the API cannot (kind) inside the connector', async () => {
    const result = await system.run(`{ specialEquipmentItems(where: { kind: "锅炉" }, first: 1000) { kind } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.specialEquipmentItems.length).toBeGreaterThan(0);
    expect(result.data.specialEquipmentItems.every((e: any) => e.kind === '锅炉')).toBe(true);
  });
});
