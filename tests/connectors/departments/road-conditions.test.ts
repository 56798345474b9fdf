import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/road-conditions.ts';
import spec, { congestionLevel } from '../../../connectors/sample-city/simulators/systems/road-conditions.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the road-conditions connector over its simulated traffic API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it("answers a street's road segments with their hourly congestion, one call per level", async () => {
    const street = system.model.streets.find((s) => s.code === '310106013')!;
    system.rest!.calls.length = 0;
    const result = await system.run(`query($code: String!) { _lookupStreet(keys: [$code]) { roadSegments { segmentId name roadClass congestion { period index level } } } }`, { code: street.code });
    expect(result.errors).toBeUndefined();
    const segments = result.data._lookupStreet[0].roadSegments;
    expect(segments.map((s: any) => s.segmentId)).toEqual([1, 2, 3].map((k) => `LD${street.code}${k}`));
    for (const segment of segments) {
      expect(segment.congestion.map((c: any) => c.period)).toEqual(Array.from({ length: 13 }, (_, i) => `${String(7 + i).padStart(2, '0')}:00`));
      for (const c of segment.congestion) expect(c.level).toBe(congestionLevel(c.index));
    }
    // Peaks are worse than the middle of the day.
    const at = (period: string) => segments.reduce((sum: number, s: any) => sum + s.congestion.find((c: any) => c.period === period).index, 0);
    expect(at('08:00')).toBeGreaterThan(at('13:00'));
    expect(system.rest!.calls.map((c) => c.path)).toEqual(['/jtw/openapi/road/segments', '/jtw/openapi/road/tpi']);
    expect(system.rest!.calls[1]!.query.ldbm!.split(',')).toHaveLength(3);
  });

  it('filters congestion by level and pages through the whole city', async () => {
    const jams = await system.run(`{ congestionIndexes(where: { level: "严重拥堵" }, first: 1000) { index level } }`);
    expect(jams.errors).toBeUndefined();
    expect(jams.data.congestionIndexes.length).toBeGreaterThan(0);
    expect(jams.data.congestionIndexes.every((c: any) => c.index >= 8)).toBe(true);
    const all = await system.run(`{ roadSegments(first: 1000) { segmentId } }`);
    expect(all.data.roadSegments).toHaveLength(Math.min(1000, system.model.streets.length * 3));
  });
});
