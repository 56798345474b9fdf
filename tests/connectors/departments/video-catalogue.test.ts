import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/video-catalogue.ts';
import spec from '../../../connectors/sample-city/simulators/systems/video-catalogue.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the video-catalogue system (rest)', () => {
  let system: DepartmentSystem;
  const rows = (model: DepartmentSystem['model']) => (spec.kind === 'rest' ? spec.resources(model)[0]!.rows : []);
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('never shares stream addresses and shares locations only under an agreement', () => {
    const fields = definition.manifest.catalogue.Camera!.fields;
    expect(fields.streamUrl).toMatchObject({ sharing: 'none', sensitivity: 'sensitive' });
    expect(fields.location).toMatchObject({ sharing: 'conditional', sensitivity: 'sensitive' });
  });

  it('serves the cameras typed by the catalogue and resolves a batch of keys in one call', async () => {
    await system.checkServesCatalogue({ type: 'Camera', legacyRows: rows });
  });

  it('scales with the residents (one camera per four residents of a grid), with GB/T 28181 codes', () => {
    const cameras = rows(system.model);
    expect(cameras.length).toBeGreaterThanOrEqual(system.model.residents.length / 4);
    expect(cameras.length).toBeLessThan(system.model.residents.length / 4 + system.model.grids.length);
    expect(cameras.every((c) => /^\d{20}$/.test(String(c.deviceCode)))).toBe(true);
    expect(new Set(cameras.map((c) => c.deviceCode)).size).toBe(cameras.length);
  });

  it('answers the cameras of a batch of grids in one call', async () => {
    const grids = system.model.grids.slice(0, 12).map((g) => g.code);
    system.rest!.calls.length = 0;
    const result = await system.run(`query ($keys: [String!]!) { _lookupGrid(keys: $keys) { code cameras { cameraId } } }`, { keys: grids });
    expect(result.errors).toBeUndefined();
    for (const [index, grid] of grids.entries()) {
      expect(result.data._lookupGrid[index].cameras.map((c: any) => c.cameraId)).toEqual(rows(system.model).filter((c) => c.gridCode === grid).map((c) => c.deviceCode));
    }
    expect(system.rest!.calls).toHaveLength(1);
    expect(system.rest!.calls[0]!.query.gridCode!.split(',')).toEqual(grids);
  });
});
