import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/food-safety.ts';
import spec from '../../../connectors/sample-city/simulators/systems/food-safety.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the food-safety system (soap 1.2)', () => {
  let system: DepartmentSystem;
  const rows = (model: DepartmentSystem['model']) => (spec.kind === 'soap' ? spec.service(model).operations[0]!.rows : []);
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('serves the inspections typed by the catalogue and resolves a batch of keys in one SOAP call', async () => {
    await system.checkServesCatalogue({ type: 'FoodInspection', legacyRows: rows });
  });

  it('answers the inspections of a batch of enterprises in one call, keys joined in one element', async () => {
    const inspections = rows(system.model);
    const kinds = new Map(system.model.enterprises.map((e) => [e.creditCode, e.kind]));
    expect(inspections.every((i) => ['catering', 'retail'].includes(kinds.get(String(i.TYSHXYDM))!))).toBe(true);
    const batch = [...new Set(inspections.map((i) => String(i.TYSHXYDM)))].slice(0, 10);
    system.soap!.calls.length = 0;
    const result = await system.run(`query ($keys: [String!]!) { _lookupEnterprise(keys: $keys) { creditCode foodInspections { inspectionId result findings } } }`, { keys: batch });
    expect(result.errors).toBeUndefined();
    for (const [index, code] of batch.entries()) {
      expect(result.data._lookupEnterprise[index].foodInspections).toEqual(
        inspections.filter((i) => i.TYSHXYDM === code).map((i) => ({ inspectionId: i.JCBH, result: i.JCJG, findings: i.WTMS })),
      );
    }
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.params.TYSHXYDM).toEqual(batch);
  });
});
