import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/sanitation-facilities.ts';
import spec from '../../../connectors/sample-city/simulators/systems/sanitation-facilities.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the sanitation-facilities connector over its simulated database', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('holds one transfer station per district and a refuse room in every community', async () => {
    const result = await system.run(`{
      stations: sanitationFacilities(where: { facilityType: "垃圾转运站" }, first: 1000) { districtCode dailyCapacityTons cubicles }
      rooms: sanitationFacilities(where: { facilityType: "垃圾箱房" }, first: 1000) { communityCode }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.stations.map((s: any) => s.districtCode).sort()).toEqual(system.model.districts.map((d) => d.code).sort());
    expect(result.data.stations.every((s: any) => s.dailyCapacityTons > 0 && s.cubicles === null)).toBe(true);
    expect(new Set(result.data.rooms.map((r: any) => r.communityCode)).size).toBe(system.model.communities.length);
  });

  it('answers Community.sanitationFacilities for a batch in one query', async () => {
    system.upstreamCalls.length = 0;
    const codes = system.model.communities.filter((c) => c.streetCode === '310106013').map((c) => c.code);
    const result = await system.run(`query($codes: [AdminCode!]!) { _lookupCommunity(keys: $codes) { code sanitationFacilities { facilityType communityCode location { lat lng } } } }`, { codes });
    expect(result.errors).toBeUndefined();
    for (const community of result.data._lookupCommunity) {
      expect(community.sanitationFacilities.every((f: any) => f.communityCode === community.code)).toBe(true);
      expect(community.sanitationFacilities.some((f: any) => f.facilityType === '公厕')).toBe(true);
    }
    expect(system.upstreamCalls).toEqual([{ connector: 'sanitation-facilities', type: 'SanitationFacility', batchSize: codes.length }]);
  });
});
