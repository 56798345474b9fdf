import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The monthly indicators: code, name, unit and the yearly level per 10,000 registered residents. */
const INDICATORS = [
  ['GYZCZ', '规模以上工业总产值', '亿元', 9.5],
  ['SHXFPLS', '社会消费品零售总额', '亿元', 6.2],
  ['GDZCTZ', '固定资产投资', '亿元', 3.1],
  ['YBGGYSSR', '一般公共预算收入', '亿元', 1.4],
  ['SYL', '城镇调查失业率', '%', 0],
] as const;
const MONTHS = Array.from({ length: 10 }, (_, index) => index + 1);

/**
 * The statistics bureau's GBK export: for every district, month (January to October 2026) and
 * indicator, the value cumulated since January, scaled by the district's population.
 */
const spec: SimulatorSpec = {
  id: 'economic-indicators',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(model.seed ^ 0xec0);
    const rows = model.districts.flatMap((district) =>
      INDICATORS.flatMap(([code, name, unit, perTenThousand]) => {
        const growth = (random.next() - 0.3) * 12;
        const weight = 0.7 + random.next() * 0.6;
        return MONTHS.map((m) => {
          const month = `2026-${String(m).padStart(2, '0')}`;
          const value = code === 'SYL' ? 4 + random.next() * 1.5 : ((perTenThousand * district.population) / 10_000) * weight * (m / 12);
          return {
            指标编号: `${district.code}-${code}-${month}`,
            区划代码: district.code,
            区划名称: district.nameZh,
            统计月份: month,
            指标代码: code,
            指标名称: name,
            本月累计值: Math.round(value * 100) / 100,
            计量单位: unit,
            同比增长: Math.round((growth + (random.next() - 0.5)) * 10) / 10,
          };
        });
      }),
    );
    return [
      {
        name: '区经济运行月度指标.csv',
        encoding: 'gbk',
        columns: ['指标编号', '区划代码', '区划名称', '统计月份', '指标代码', '指标名称', '本月累计值', '计量单位', '同比增长'],
        rows,
      },
    ];
  },
};

export default spec;
