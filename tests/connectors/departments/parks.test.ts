import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/parks.ts';
import spec from '../../../connectors/sample-city/simulators/systems/parks.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the parks connector over its CSV drop', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('catalogues every park field as open public data', () => {
    const fields = Object.values(definition.manifest.catalogue.Park!.fields);
    expect(fields.every((f) => f.sharing === 'open' && f.sensitivity === 'public')).toBe(true);
  });

  it('serves every park of the register with typed values', async () => {
    const files = spec.kind === 'csv' ? spec.files(system.model) : [];
    const rows = files[0]!.rows;
    const result = await system.run(`{ parks(first: 1000) { parkId parkType free openAllDay areaHectares openingHours location { lat lng } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.parks).toHaveLength(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(system.model.streets.length);
    for (const park of result.data.parks) {
      expect(park.free).toBe(park.parkType !== '专类公园');
      expect(park.openAllDay).toBe(park.openingHours === '全天开放');
      expect(park.areaHectares).toBeGreaterThan(0);
    }
  });

  it('answers Street.parks for a batch of streets, an unknown street with none', async () => {
    const result = await system.run(`{ _lookupStreet(keys: ["310106013", "310199001"]) { code parks { parkId } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupStreet[0].parks.length).toBeGreaterThanOrEqual(1);
    expect(result.data._lookupStreet[1]).toEqual({ code: '310199001', parks: [] });
  });
});
