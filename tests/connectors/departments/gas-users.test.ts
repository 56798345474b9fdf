import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/gas-users.ts';
import spec from '../../../connectors/sample-city/simulators/systems/gas-users.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the gas-users connector over its simulated database', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('catalogues the holder’s name and phone as conditional personal data with masks', () => {
    const fields = definition.manifest.catalogue.GasAccount!.fields;
    expect(fields.holderName).toMatchObject({ sharing: 'conditional', sensitivity: 'personal', mask: 'name' });
    expect(fields.phone).toMatchObject({ sharing: 'conditional', sensitivity: 'personal', mask: 'phone' });
    expect(fields.address).toMatchObject({ sensitivity: 'personal', mask: 'address' });
  });

  it('holds accounts of residents, with the resident’s name, phone and grid', async () => {
    const result = await system.run(`{ gasAccounts(where: { streetCode: "310106013" }, first: 1000) { personId holderName phone gridCode safetyStatus } }`);
    expect(result.errors).toBeUndefined();
    const residents = new Map(system.model.residents.map((r) => [r.personId, r]));
    const accounts = result.data.gasAccounts as any[];
    const streetResidents = system.model.residents.filter((r) => r.streetCode === '310106013').length;
    expect(accounts.length).toBeGreaterThan(streetResidents / 5);
    expect(accounts.length).toBeLessThan(streetResidents / 2);
    for (const account of accounts) {
      const resident = residents.get(account.personId)!;
      expect(account).toMatchObject({ holderName: resident.name, phone: resident.phone, gridCode: resident.gridCode });
      expect(['合格', '存在隐患', '已停气']).toContain(account.safetyStatus);
    }
  });

  it('adds Person.gasAccounts by personId in one query for a batch', async () => {
    const holders = system.tables![0]!.rows.slice(0, 3).map((row) => row.HZBS as string);
    const nonHolder = system.model.residents.find((r) => !system.tables![0]!.rows.some((row) => row.HZBS === r.personId))!.personId;
    system.upstreamCalls.length = 0;
    const result = await system.run(`query($ids: [ID!]!) { _lookupPerson(keys: $ids) { personId gasAccounts { holder { personId } } } }`, { ids: [...holders, nonHolder] });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupPerson).toEqual([...holders.map((id) => ({ personId: id, gasAccounts: [{ holder: { personId: id } }] })), { personId: nonHolder, gasAccounts: [] }]);
    expect(system.upstreamCalls).toEqual([{ connector: 'gas-users', type: 'GasAccount', batchSize: 4 }]);
  });
});
