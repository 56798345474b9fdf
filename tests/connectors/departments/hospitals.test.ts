import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/hospitals.ts';
import spec from '../../../connectors/sample-city/simulators/systems/hospitals.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the hospitals system (rest)', () => {
  let system: DepartmentSystem;
  const rows = (model: DepartmentSystem['model']) => (spec.kind === 'rest' ? spec.resources(model)[0]!.rows : []);
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('serves the institutions typed by the catalogue and resolves a batch of keys in one call', async () => {
    await system.checkServesCatalogue({ type: 'Hospital', legacyRows: rows });
  });

  it('gives every street a community health centre and every district an emergency hospital, walking pages of 200', async () => {
    system.rest!.calls.length = 0;
    const result = await system.run(`{ hospitals(first: 1000) { hospitalId kind emergency streetCode districtCode location { lat lng } } }`);
    expect(result.errors).toBeUndefined();
    const all = result.data.hospitals as Array<any>;
    expect(all).toHaveLength(rows(system.model).length);
    const centres = new Set(all.filter((h) => h.kind === '社区卫生服务中心').map((h) => h.streetCode));
    expect(centres).toEqual(new Set(system.model.streets.map((s) => s.code)));
    for (const district of system.model.districts) expect(all.some((h) => h.districtCode === district.code && h.emergency)).toBe(true);
    expect(system.rest!.calls.length).toBe(Math.ceil(all.length / 200));
  });

  it('lists the hospitals of a district through the filter pushed down as a query parameter', async () => {
    system.rest!.calls.length = 0;
    const result = await system.run(`{ hospitals(where: { districtCode: "310106", kind: "社区卫生服务中心" }) { hospitalId } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.hospitals.map((h: any) => h.hospitalId)).toEqual(system.model.streets.filter((s) => s.districtCode === '310106').map((s) => `PDY${s.code}`));
    expect(system.rest!.calls[0]!.query).toMatchObject({ qxdm: '310106', jglb: '社区卫生服务中心' });
  });
});
