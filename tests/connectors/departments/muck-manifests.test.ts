import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/muck-manifests.ts';
import { muckTrafficOf } from '../../../connectors/sample-city/simulators/muck-traffic.ts';
import spec from '../../../connectors/sample-city/simulators/systems/muck-manifests.ts';
import { isoOf, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the muck-manifests connector over its simulated manifest API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it("serves the day's QR-scanned trips of a site, walking the API's pages", async () => {
    const traffic = muckTrafficOf(system.model);
    const site = system.model.constructionSites[0]!;
    const expected = traffic.trips.filter((t) => t.siteId === site.siteId);
    expect(expected.length).toBeGreaterThan(0);
    const result = await system.run(`query($site: ID) { muckTrips(where: { siteId: $site }, first: 1000) { manifestNo plate permitNo tripDate departedAt arrivedAt status volumeM3 } }`, { site: site.siteId });
    expect(result.errors).toBeUndefined();
    expect(result.data.muckTrips).toEqual(
      expected.map((t) => ({
        manifestNo: t.manifestNo,
        plate: t.plate,
        permitNo: t.permitNo,
        tripDate: traffic.day,
        departedAt: isoOf(t.departedAt),
        arrivedAt: t.arrivedAt ? isoOf(t.arrivedAt) : null,
        status: t.arrivedAt ? '已消纳' : '运输中',
        volumeM3: t.volumeM3,
      })),
    );
    system.rest!.calls.length = 0;
    const all = await system.run(`{ muckTrips(first: 1000, within: "3101") { manifestNo } }`);
    expect(all.data.muckTrips).toHaveLength(Math.min(1000, traffic.trips.length));
    // Pages of at most 200 rows.
    expect(system.rest!.calls.length).toBe(Math.ceil(Math.min(1000, traffic.trips.length) / 200));
  });

  it('batches the trips of many trucks into one call with the plates joined', async () => {
    const traffic = muckTrafficOf(system.model);
    const plates = [...new Set(traffic.trips.slice(0, 12).map((t) => t.plate))];
    system.rest!.calls.length = 0;
    const result = await system.run(`query($plates: [String!]!) { _lookupMuckTruck(keys: $plates) { plate tripsToday { manifestNo } } }`, { plates });
    expect(result.errors).toBeUndefined();
    expect(system.rest!.calls).toHaveLength(1);
    expect(system.rest!.calls[0]!.query.cphm!.split(',')).toEqual(plates);
    for (const truck of result.data._lookupMuckTruck) {
      expect(truck.tripsToday.map((t: any) => t.manifestNo)).toEqual(traffic.trips.filter((t) => t.plate === truck.plate).map((t) => t.manifestNo));
    }
  });

  it('reports an HTTP 503 of the API as an unavailable upstream', async () => {
    system.rest!.setFailure(503);
    try {
      const result = await system.run(`{ muckTrips { manifestNo } }`);
      expect(result.errors![0]!.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      system.rest!.setFailure(null);
    }
  });
});
