import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/muck-permits.ts';
import { muckTrafficOf } from '../../../connectors/sample-city/simulators/muck-traffic.ts';
import spec from '../../../connectors/sample-city/simulators/systems/muck-permits.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the muck-permits connector over its simulated permit database', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('registers every muck truck of the city model under its carrier, with the permit it runs on', async () => {
    const trucks = system.model.vehicles.filter((v) => v.kind === 'muck-truck');
    const result = await system.run(`{ muckTrucks(first: 1000) { plate carrierCreditCode districtCode permitNo sealedBody driverPersonId } }`);
    expect(result.errors).toBeUndefined();
    // The legacy table is read in key order.
    expect(result.data.muckTrucks.map((t: any) => t.plate)).toEqual(trucks.map((t) => t.plate).sort().slice(0, 1000));
    const traffic = muckTrafficOf(system.model);
    for (const row of result.data.muckTrucks) {
      const truck = traffic.trucks.find((t) => t.plate === row.plate)!;
      expect(row).toEqual({ plate: truck.plate, carrierCreditCode: truck.carrierCreditCode, districtCode: truck.districtCode, permitNo: truck.permitNo, sealedBody: truck.sealedBody, driverPersonId: truck.driverPersonId });
    }
    // Every permit's carrier is a transport firm that owns the trucks on it.
    const carriers = new Set(system.model.enterprises.filter((e) => e.kind === 'transport').map((e) => e.creditCode));
    expect(traffic.permits.every((p) => carriers.has(p.carrierCreditCode))).toBe(true);
  });

  it('answers a construction site with its permits and the trucks on each, one query per level', async () => {
    const traffic = muckTrafficOf(system.model);
    const sites = system.model.constructionSites.filter((s) => s.districtCode === '310106').map((s) => s.siteId);
    system.upstreamCalls.length = 0;
    const result = await system.run(
      `query($ids: [String!]!) { _lookupConstructionSite(keys: $ids) { siteId muckPermits { permitNo carrierCreditCode routeCheckpoints status trucks { plate permit { permitNo } } } } }`,
      { ids: sites },
    );
    expect(result.errors).toBeUndefined();
    for (const site of result.data._lookupConstructionSite) {
      const permits = traffic.permits.filter((p) => p.siteId === site.siteId);
      expect(permits.length).toBeGreaterThan(0);
      expect(site.muckPermits.map((p: any) => p.permitNo)).toEqual(permits.map((p) => p.permitNo));
      for (const [index, permit] of permits.entries()) {
        const got = site.muckPermits[index];
        expect(got.routeCheckpoints).toBe(permit.route.join(';'));
        expect(got.trucks.map((t: any) => t.plate)).toEqual(traffic.trucks.filter((t) => t.permitNo === permit.permitNo).map((t) => t.plate).sort());
        expect(got.trucks.every((t: any) => t.permit.permitNo === permit.permitNo)).toBe(true);
      }
    }
    // Permits of every site in one read, trucks of every permit in one read, their permits in one.
    expect(system.upstreamCalls.map((c) => c.type)).toEqual(['MuckPermit', 'MuckTruck', 'MuckPermit']);
  });

  it('rejects a page size out of range with the argument named', async () => {
    const result = await system.run(`{ muckPermits(first: 0) { permitNo } }`);
    expect(result.errors![0]!.message).toMatch(/first must be an integer from 1 to 1000, received 0/);
  });
});
