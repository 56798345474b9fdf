import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/fire-hazards.ts';
import spec from '../../../connectors/sample-city/simulators/systems/fire-hazards.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the fire-hazards system (soap)', () => {
  let system: DepartmentSystem;
  const rows = (model: DepartmentSystem['model']) => (spec.kind === 'soap' ? spec.service(model).operations[0]!.rows : []);
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('serves the hazards typed by the catalogue and resolves a batch of keys in one SOAP call', async () => {
    await system.checkServesCatalogue({ type: 'FireHazard', legacyRows: rows });
  });

  it('finds hazards in buildings of the city model and answers the hazards of a batch of buildings in one call', async () => {
    const hazards = rows(system.model);
    const buildings = new Map(system.model.buildings.map((b) => [b.buildingId, b]));
    expect(hazards.every((h) => buildings.get(String(h.jzwbh))?.gridCode === h.wgbm)).toBe(true);
    const batch = [...new Set(hazards.map((h) => String(h.jzwbh)))].slice(0, 15);
    system.soap!.calls.length = 0;
    const result = await system.run(`query ($keys: [String!]!) { _lookupBuilding(keys: $keys) { buildingId fireHazards { hazardId level rectified } } }`, { keys: batch });
    expect(result.errors).toBeUndefined();
    for (const [index, building] of batch.entries()) {
      expect(result.data._lookupBuilding[index].fireHazards).toEqual(
        hazards.filter((h) => h.jzwbh === building).map((h) => ({ hazardId: h.yhbh, level: Number(h.yhdj), rectified: h.sfzg === 'true' })),
      );
    }
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.params.jzwbh).toEqual(batch);
  });

  it('pushes the jurisdiction down as the xzqhdm element', async () => {
    system.soap!.calls.length = 0;
    const result = await system.run(`{ fireHazards(within: "310106013", first: 1000) { gridCode } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.fireHazards.length).toBe(rows(system.model).filter((h) => String(h.wgbm).startsWith('310106013')).length);
    expect(system.soap!.calls[0]!.params.xzqhdm).toEqual(['310106013']);
  });
});
