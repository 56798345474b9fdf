import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/rental-registration.ts';
import spec from '../../../connectors/sample-city/simulators/systems/rental-registration.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the rental-registration system (sql)', () => {
  let system: DepartmentSystem;
  const table = (model: DepartmentSystem['model'], index: number) => (spec.kind === 'sql' ? spec.tables(model)[index]!.rows : []);
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('keeps the declared rent inside the police (sharing none) and tenants\' identities conditional', () => {
    const { RentalUnit, Tenant } = definition.manifest.catalogue;
    expect(RentalUnit!.fields.monthlyRentYuan!.sharing).toBe('none');
    for (const name of ['name', 'idNumber', 'phone']) expect(Tenant!.fields[name]).toMatchObject({ sharing: 'conditional', sensitivity: 'personal' });
  });

  it('serves rented homes and tenancies typed by the catalogue, a batch of keys in one call each', async () => {
    await system.checkServesCatalogue({ type: 'RentalUnit', legacyRows: (model) => table(model, 0) });
    await system.checkServesCatalogue({ type: 'Tenant', legacyRows: (model) => table(model, 1) });
  });

  it('registers tenants who are residents of the city, and lists them per home in one batched read', async () => {
    const residents = new Map(system.model.residents.map((r) => [r.personId, r]));
    const tenants = table(system.model, 1);
    expect(tenants.every((t) => residents.get(String(t.RYBS))?.idNumber === t.ZJHM)).toBe(true);
    const units = table(system.model, 0).slice(0, 50);
    system.upstreamCalls.length = 0;
    const result = await system.run(`query ($keys: [String!]!) { _lookupRentalUnit(keys: $keys) { unitId building { buildingId } tenants { tenancyId current movedOutAt } } }`, { keys: units.map((u) => u.FWBH) });
    expect(result.errors).toBeUndefined();
    for (const [index, unit] of units.entries()) {
      const got = result.data._lookupRentalUnit[index];
      expect(got.building).toEqual({ buildingId: unit.JZWBM });
      expect(got.tenants.map((t: any) => t.tenancyId)).toEqual(tenants.filter((t) => t.FWBH === unit.FWBH).map((t) => t.ZHBH));
      expect(got.tenants.every((t: any) => t.current === (t.movedOutAt === null))).toBe(true);
    }
    expect(system.upstreamCalls.map((c) => c.type)).toEqual(['RentalUnit', 'Tenant']);
  });
});
