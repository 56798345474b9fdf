import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/social-assistance.ts';
import spec from '../../../connectors/sample-city/simulators/systems/social-assistance.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the social-assistance system (sql)', () => {
  let system: DepartmentSystem;
  const cases = (model: DepartmentSystem['model']) => (spec.kind === 'sql' ? spec.tables(model)[0]!.rows : []);
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('catalogues the means of a household as personal and conditional', () => {
    const fields = definition.manifest.catalogue.AssistanceCase!.fields;
    for (const name of ['kind', 'monthlyAmountYuan', 'householdSize']) expect(fields[name]).toMatchObject({ sharing: 'conditional', sensitivity: 'personal' });
  });

  it('serves its cases typed by the catalogue and resolves a batch of keys in one call', async () => {
    await system.checkServesCatalogue({ type: 'AssistanceCase', legacyRows: cases });
  });

  it('answers the cases of a batch of elders, by personId, in one query', async () => {
    const rows = cases(system.model);
    const elderly = new Set(system.model.elderly.map((e) => e.personId));
    const persons = [...new Set(rows.map((r) => String(r.RYBS)).filter((id) => elderly.has(id)))].slice(0, 20);
    expect(persons.length).toBeGreaterThan(5);
    system.upstreamCalls.length = 0;
    const result = await system.run(`query ($keys: [String!]!) { _lookupElderlyResident(keys: $keys) { personId assistanceCases { caseId status handler { workerId } } } }`, { keys: persons });
    expect(result.errors).toBeUndefined();
    for (const [index, person] of persons.entries()) {
      const expected = rows.filter((r) => r.RYBS === person);
      expect(result.data._lookupElderlyResident[index].assistanceCases).toEqual(expected.map((r) => ({ caseId: r.AJBH, status: r.AJZT, handler: { workerId: r.JBRY } })));
    }
    expect(system.upstreamCalls).toEqual([{ connector: 'social-assistance', type: 'AssistanceCase', batchSize: persons.length }]);
  });
});
