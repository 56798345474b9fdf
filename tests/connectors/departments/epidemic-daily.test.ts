import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/epidemic-daily.ts';
import spec from '../../../connectors/sample-city/simulators/systems/epidemic-daily.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the epidemic-daily system (GBK csv drop)', () => {
  let system: DepartmentSystem;
  const rows = (model: DepartmentSystem['model']) => (spec.kind === 'csv' ? spec.files(model)[0]!.rows : []);
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('serves the reports typed by the catalogue and resolves a batch of keys in one read', async () => {
    await system.checkServesCatalogue({ type: 'EpidemicDailyReport', legacyRows: rows });
  });

  it('decodes the Chinese values of the GBK export and filters by district and disease', async () => {
    const result = await system.run(`{ epidemicDailyReports(where: { districtCode: "310106", disease: "流行性感冒" }) { reportDate newCases activeCases riskLevel assessment } }`);
    expect(result.errors).toBeUndefined();
    const expected = rows(system.model).filter((r) => r.区划代码 === '310106' && r.病种 === '流行性感冒');
    expect(expected).toHaveLength(14);
    expect(result.data.epidemicDailyReports).toEqual(
      expected.map((r) => ({ reportDate: r.报告日期, newCases: r.新增病例, activeCases: r.现有病例, riskLevel: r.风险等级, assessment: r.研判意见 })),
    );
  });

  it('keeps one row per district, disease and day', () => {
    expect(rows(system.model)).toHaveLength(system.model.districts.length * 4 * 14);
  });
});
