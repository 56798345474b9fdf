import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/construction-sites.ts';
import spec from '../../../connectors/sample-city/simulators/systems/construction-sites.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the construction-sites connector over its simulated SOAP register', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('serves every site of the city model with its builder, grid and location', async () => {
    const result = await system.run(`{ constructionSites(first: 1000) { siteId name creditCode districtCode streetCode gridCode location { lat lng } startedAt status builder { creditCode } } }`);
    expect(result.errors).toBeUndefined();
    const sites = system.model.constructionSites;
    expect(result.data.constructionSites).toHaveLength(sites.length);
    for (const [index, site] of sites.entries()) {
      const row = result.data.constructionSites[index];
      expect(row).toMatchObject({ siteId: site.siteId, name: site.name, creditCode: site.creditCode, districtCode: site.districtCode, streetCode: site.streetCode, gridCode: site.gridCode, location: { lat: site.lat, lng: site.lng }, builder: { creditCode: site.creditCode } });
      expect(row.startedAt).toBe(new Date(`${site.startedAt}T08:00:00+08:00`).toISOString());
      expect(['在建', '停工', '待开工']).toContain(row.status);
    }
  });

  it('pushes the jurisdiction down to the service and batches the sites of many streets into one call', async () => {
    system.soap!.calls.length = 0;
    const within = await system.run(`{ constructionSites(within: "310106") { siteId } }`);
    expect(within.data.constructionSites.map((s: any) => s.siteId)).toEqual(system.model.constructionSites.filter((s) => s.districtCode === '310106').map((s) => s.siteId));
    expect(system.soap!.calls[0]!.params.xzqhdm).toEqual(['310106']);

    system.soap!.calls.length = 0;
    const streets = system.model.streets.filter((s) => s.districtCode === '310106').map((s) => s.code);
    const batched = await system.run(`query($codes: [String!]!) { _lookupStreet(keys: $codes) { code constructionSites { siteId } } }`, { codes: streets });
    expect(batched.errors).toBeUndefined();
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.params.jddm).toEqual(streets);
    for (const street of batched.data._lookupStreet) {
      expect(street.constructionSites.map((s: any) => s.siteId)).toEqual(system.model.constructionSites.filter((s) => s.streetCode === street.code).map((s) => s.siteId));
    }
  });

  it('reports a SOAP fault from the register as an unavailable upstream', async () => {
    system.soap!.setFault({ code: 'Server', string: '数据库连接失败' });
    try {
      const result = await system.run(`{ constructionSites { siteId } }`);
      expect(result.errors![0]!.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      system.soap!.setFault(null);
    }
  });
});
