import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/waste-sorting.ts';
import spec from '../../../connectors/sample-city/simulators/systems/waste-sorting.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the waste-sorting connector over its simulated REST API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('walks the pages of a district pushed down as xzqhdm and maps the legacy fields', async () => {
    const result = await system.run(`{ wasteSortingPoints(within: "310106", first: 1000) { pointId communityCode openingTimes supervised complianceRate } }`);
    expect(result.errors).toBeUndefined();
    const communities = system.model.communities.filter((c) => c.code.startsWith('310106'));
    const rows = result.data.wasteSortingPoints as any[];
    expect(new Set(rows.map((r) => r.communityCode))).toEqual(new Set(communities.map((c) => c.code)));
    const perCommunity = (code: string) => Math.max(1, Math.round(system.model.residents.filter((r) => r.communityCode === code).length / 20));
    expect(rows.length).toBe(communities.reduce((sum, c) => sum + perCommunity(c.code), 0));
    expect(rows.every((r) => r.complianceRate >= 80 && r.complianceRate <= 100 && typeof r.supervised === 'boolean')).toBe(true);
    const calls = system.rest!.calls;
    expect(calls.at(-1)!.query).toMatchObject({ xzqhdm: '310106', size: '200' });
  });

  it('answers Community.wasteSortingPoints for a batch with one comma-joined request', async () => {
    system.rest!.calls.length = 0;
    const codes = system.model.communities.slice(0, 5).map((c) => c.code);
    const result = await system.run(`query($codes: [AdminCode!]!) { _lookupCommunity(keys: $codes) { code wasteSortingPoints { pointId } } }`, { codes });
    expect(result.errors).toBeUndefined();
    const perCommunity = (code: string) => Math.max(1, Math.round(system.model.residents.filter((r) => r.communityCode === code).length / 20));
    expect(result.data._lookupCommunity.map((c: any) => c.wasteSortingPoints.length)).toEqual(codes.map(perCommunity));
    expect(system.rest!.calls).toHaveLength(1);
    expect(system.rest!.calls[0]!.query.sqdm!.split(',').sort()).toEqual([...codes].sort());
  });
});
