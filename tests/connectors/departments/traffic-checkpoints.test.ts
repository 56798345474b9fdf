import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/traffic-checkpoints.ts';
import { muckTrafficOf } from '../../../connectors/sample-city/simulators/muck-traffic.ts';
import spec from '../../../connectors/sample-city/simulators/systems/traffic-checkpoints.ts';
import { isoOf, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the traffic-checkpoints connector over its simulated SOAP service', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it("records each trip's passages on its approved route, and flags those that leave it", async () => {
    const traffic = muckTrafficOf(system.model);
    const trip = traffic.trips.find((t) => t.offRoute)!;
    const result = await system.run(`query($no: String!) { _lookupMuckTrip(keys: [$no]) { passages { passageId plate checkpointId passedAt onApprovedRoute checkpoint { checkpointId streetCode } } } }`, { no: trip.manifestNo });
    expect(result.errors).toBeUndefined();
    const expected = traffic.passages.filter((p) => p.manifestNo === trip.manifestNo);
    expect(expected).toHaveLength(3);
    expect(result.data._lookupMuckTrip[0].passages).toEqual(
      expected.map((p) => ({ passageId: p.passageId, plate: trip.plate, checkpointId: p.checkpointId, passedAt: isoOf(p.passedAt), onApprovedRoute: p.onApprovedRoute, checkpoint: { checkpointId: p.checkpointId, streetCode: p.streetCode } })),
    );
    expect(result.data._lookupMuckTrip[0].passages.some((p: any) => p.onApprovedRoute === false)).toBe(true);
    const permit = traffic.permits.find((p) => p.permitNo === trip.permitNo)!;
    for (const passage of result.data._lookupMuckTrip[0].passages) expect(passage.onApprovedRoute).toBe(permit.route.includes(passage.checkpointId));
  });

  it('batches the passages of many vehicles into one SOAP call, one element per plate', async () => {
    const traffic = muckTrafficOf(system.model);
    const plates = [...new Set(traffic.passages.slice(0, 40).map((p) => p.plate))];
    system.soap!.calls.length = 0;
    const result = await system.run(`query($plates: [String!]!) { _lookupVehicle(keys: $plates) { plate passages { passageId } } }`, { plates });
    expect(result.errors).toBeUndefined();
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.params.hphm).toEqual(plates);
    for (const vehicle of result.data._lookupVehicle) {
      expect(vehicle.passages.map((p: any) => p.passageId)).toEqual(traffic.passages.filter((p) => p.plate === vehicle.plate).map((p) => p.passageId));
    }
  });

  it('filters off-route passages in the connector and scopes checkpoints to a district', async () => {
    const traffic = muckTrafficOf(system.model);
    const off = await system.run(`{ vehiclePassages(where: { onApprovedRoute: false }, within: "310106", first: 1000) { passageId } }`);
    expect(off.errors).toBeUndefined();
    const expected = traffic.passages.filter((p) => p.onApprovedRoute === false && p.districtCode === '310106').map((p) => p.passageId);
    expect(expected.length).toBeGreaterThan(0);
    expect(off.data.vehiclePassages.map((p: any) => p.passageId)).toEqual(expected);
    const checkpoints = await system.run(`{ trafficCheckpoints(within: "310106") { checkpointId } }`);
    expect(checkpoints.data.trafficCheckpoints.map((c: any) => c.checkpointId)).toEqual(traffic.checkpoints.filter((c) => c.districtCode === '310106').map((c) => c.checkpointId));
  });

  it('times out a slow checkpoint service with UPSTREAM_TIMEOUT', async () => {
    system.soap!.setDelay(definition.manifest.timeoutMs + 500);
    try {
      const result = await system.run(`{ trafficCheckpoints(first: 1) { checkpointId } }`);
      expect(result.errors![0]!.extensions.code).toBe('UPSTREAM_TIMEOUT');
    } finally {
      system.soap!.setDelay(0);
    }
  });
});
