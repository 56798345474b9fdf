import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/emergency-supplies.ts';
import spec from '../../../connectors/sample-city/simulators/systems/emergency-supplies.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the emergency-supplies connector over its legacy SQL table', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('maps every depot of a district from pinyin-initial columns', async () => {
    const rows = system.tables![0]!.rows.filter((row) => row.QXDM === '310106');
    expect(rows.length).toBeGreaterThan(0);
    const result = await system.run(`{ supplyDepots(within: "310106", first: 1000) { depotId name streetCode sandbags pumps lifeJackets tents managerName managerPhone location { lat lng } updatedAt } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.supplyDepots).toEqual(
      rows.map((row) => ({
        depotId: row.CKBM, name: row.CKMC, streetCode: row.JDDM, sandbags: row.SD_SL, pumps: row.CSB_SL, lifeJackets: row.JSY_SL, tents: row.ZP_SL,
        managerName: row.FZR_XM, managerPhone: row.FZR_DH, location: { lat: row.WD, lng: row.JD }, updatedAt: new Date(`${String(row.GXSJ).replace(' ', 'T')}+08:00`).toISOString(),
      })),
    );
  });

  it('answers District.supplyDepots for every district with one query', async () => {
    system.upstreamCalls.length = 0;
    const keys = system.model.districts.map((d) => d.code);
    const result = await system.run(`query ($keys: [AdminCode!]!) { _lookupDistrict(keys: $keys) { code supplyDepots { depotId } } }`, { keys });
    expect(result.errors).toBeUndefined();
    const total = result.data._lookupDistrict.reduce((sum: number, d: any) => sum + d.supplyDepots.length, 0);
    expect(total).toBe(system.tables![0]!.rows.length);
    expect(system.upstreamCalls).toEqual([{ connector: 'emergency-supplies', type: 'SupplyDepot', batchSize: keys.length }]);
  });
});
