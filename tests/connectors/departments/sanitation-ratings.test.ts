import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/sanitation-ratings.ts';
import spec from '../../../connectors/sample-city/simulators/systems/sanitation-ratings.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the sanitation-ratings connector over its GBK drop', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('writes both files in GBK with Chinese headers', () => {
    const files = spec.kind === 'csv' ? spec.files(system.model) : [];
    expect(files.map((f) => [f.name, f.encoding])).toEqual([['街道环境卫生测评.csv', 'gbk'], ['区环境卫生测评汇总.csv', 'gbk']]);
  });

  it('rates every street every month, with ranks 1..n within each district', async () => {
    const result = await system.run(`{ sanitationRatings(where: { districtCode: "310106", month: "2026-10" }, first: 1000) { streetCode streetName score rankInDistrict } }`);
    expect(result.errors).toBeUndefined();
    const rows = result.data.sanitationRatings as any[];
    const streets = system.model.streets.filter((s) => s.districtCode === '310106');
    expect(rows.map((r) => r.streetCode).sort()).toEqual(streets.map((s) => s.code).sort());
    expect(rows.find((r) => r.streetCode === '310106013').streetName).toBe('曹家渡街道');
    expect(rows.map((r) => r.rankInDistrict).sort((a, b) => a - b)).toEqual(streets.map((_, i) => i + 1));
    const byRank = [...rows].sort((a, b) => a.rankInDistrict - b.rankInDistrict);
    expect(byRank.map((r) => r.score)).toEqual([...rows.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('rolls each district up as the mean of its streets’ latest scores', async () => {
    const result = await system.run(`{
      districtSanitationScores(first: 100) { districtCode month averageScore ratedStreets passingStreets passRate }
      sanitationRatings(where: { month: "2026-10" }, first: 1000) { districtCode score }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.districtSanitationScores).toHaveLength(16);
    for (const summary of result.data.districtSanitationScores) {
      const scores = (result.data.sanitationRatings as any[]).filter((r) => r.districtCode === summary.districtCode).map((r) => r.score as number);
      const passing = scores.filter((s) => s >= 85).length;
      expect(summary).toEqual({
        districtCode: summary.districtCode,
        month: '2026-10',
        averageScore: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10,
        ratedStreets: scores.length,
        passingStreets: passing,
        passRate: Math.round((passing / scores.length) * 1000) / 10,
      });
    }
  });

  it('answers District.sanitationScore for a batch of districts from the roll-up', async () => {
    const result = await system.run(`{ _lookupDistrict(keys: ["310106", "310115", "310199"]) { code sanitationScore { districtCode ratedStreets } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupDistrict).toEqual([
      { code: '310106', sanitationScore: { districtCode: '310106', ratedStreets: 6 } },
      { code: '310115', sanitationScore: { districtCode: '310115', ratedStreets: 6 } },
      { code: '310199', sanitationScore: null },
    ]);
  });
});
