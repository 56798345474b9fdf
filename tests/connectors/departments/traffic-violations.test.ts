import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/traffic-violations.ts';
import { muckTrafficOf } from '../../../connectors/sample-city/simulators/muck-traffic.ts';
import spec from '../../../connectors/sample-city/simulators/systems/traffic-violations.ts';
import { isoOf, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the traffic-violations connector over its simulated violation database', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('holds an off-route violation (1344) for every passage that left its approved route', async () => {
    const traffic = muckTrafficOf(system.model);
    const offRoute = traffic.passages.filter((p) => p.onApprovedRoute === false);
    const result = await system.run(`{ trafficViolations(where: { code: "1344" }, first: 1000) { violationId plate passageId occurredAt points fineYuan handled } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.trafficViolations.map((v: any) => v.passageId)).toEqual(offRoute.map((p) => p.passageId));
    for (const [index, passage] of offRoute.entries()) {
      expect(result.data.trafficViolations[index]).toMatchObject({ plate: passage.plate, occurredAt: isoOf(passage.passedAt), points: 3, fineYuan: 200 });
    }
  });

  it('links violations to vehicles and drivers, one query per level', async () => {
    const traffic = muckTrafficOf(system.model);
    const plates = [...new Set(traffic.violations.slice(0, 30).map((v) => v.plate))];
    system.upstreamCalls.length = 0;
    const result = await system.run(`query($plates: [String!]!) { _lookupVehicle(keys: $plates) { plate violations { violationId driverName driver { personId } } } }`, { plates });
    expect(result.errors).toBeUndefined();
    expect(system.upstreamCalls).toHaveLength(1);
    for (const vehicle of result.data._lookupVehicle) {
      const expected = traffic.violations.filter((v) => v.plate === vehicle.plate);
      expect(vehicle.violations).toEqual(expected.map((v) => ({ violationId: v.violationId, driverName: v.driverName, driver: v.driverPersonId ? { personId: v.driverPersonId } : null })));
    }
  });
});
