import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The notifiable diseases tracked, with their daily new cases per 100,000 residents. */
const DISEASES = [
  ['流行性感冒', 12],
  ['新型冠状病毒感染', 4],
  ['诺如病毒感染', 1.5],
  ['手足口病', 0.8],
] as const;
/** Days in the export, ending on the last one. */
const DAYS = 14;
const LAST_DAY = Date.UTC(2026, 6, 1);
const COLUMNS = ['报告编号', '报告日期', '区划代码', '病种', '新增病例', '现有病例', '聚集性疫情', '风险等级', '研判意见'];

/**
 * The health commission's morning export: a GBK CSV drop with Chinese headers, one row per
 * district, disease and day over the last two weeks; case counts scale with each district's
 * population in the model.
 */
const spec: SimulatorSpec = {
  id: 'epidemic-daily',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(seedOf('epidemic-daily', model.seed));
    const rows: Record<string, string | number>[] = [];
    // The city model is far smaller than the city: scale its residents to a real district's.
    const perResident = 1_070_000 / Math.max(1, model.residents.length);
    for (const district of model.districts) {
      for (const [disease, rate] of DISEASES) {
        let active = 0;
        for (let d = DAYS - 1; d >= 0; d -= 1) {
          const day = new Date(LAST_DAY - d * 86_400_000).toISOString().slice(0, 10);
          const expected = (district.population * perResident * rate) / 100_000 / 16;
          const fresh = Math.max(0, Math.round(expected * (0.5 + random.next())));
          active = Math.round(active * 0.8) + fresh;
          const clusters = fresh > expected * 1.3 ? random.int(1, 3) : 0;
          const risk = clusters >= 2 ? '高' : clusters === 1 ? '中' : '低';
          rows.push({
            报告编号: `YQ${day.replaceAll('-', '')}${district.code}${DISEASES.findIndex(([name]) => name === disease) + 1}`,
            报告日期: day,
            区划代码: district.code,
            病种: disease,
            新增病例: fresh,
            现有病例: active,
            聚集性疫情: clusters,
            风险等级: risk,
            研判意见: risk === '低' ? '总体平稳，持续监测' : `发现聚集性疫情${clusters}起，加强学校、养老机构监测`,
          });
        }
      }
    }
    return [{ name: '疫情每日研判.csv', encoding: 'gbk', columns: COLUMNS, rows }];
  },
};

export default spec;
