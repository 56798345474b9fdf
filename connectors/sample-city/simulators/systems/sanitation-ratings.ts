import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The assessed months: January to October 2026. */
const MONTHS = Array.from({ length: 10 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`);
/** A street passes the assessment with this score or more. */
const PASS_SCORE = 85;
const ASSESSORS = ['上海市环境卫生测评中心', '华东城市管理评估所'];

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The sanitation assessor's GBK drop: one row per street and month (three sub-scores, their
 * weighted total and the rank within the district) and the district roll-up of the latest month.
 */
const spec: SimulatorSpec = {
  id: 'sanitation-ratings',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(model.seed ^ 0x5a417a);
    const ratings: Array<Record<string, string | number>> = [];
    for (const month of MONTHS) {
      for (const district of model.districts) {
        const streets = model.streets.filter((s) => s.districtCode === district.code);
        const rows = streets.map((street) => {
          const road = round1(72 + random.next() * 27);
          const waste = round1(72 + random.next() * 27);
          const toilets = round1(70 + random.next() * 29);
          return {
            测评编号: `HWCP-${month.replace('-', '')}-${street.code}`,
            街道代码: street.code,
            街道名称: street.name,
            区代码: district.code,
            测评月份: month,
            综合得分: round1(road * 0.4 + waste * 0.4 + toilets * 0.2),
            道路保洁得分: road,
            垃圾清运得分: waste,
            公厕保洁得分: toilets,
            区内排名: 0,
            测评机构: random.pick(ASSESSORS),
          };
        });
        [...rows].sort((a, b) => b.综合得分 - a.综合得分 || a.街道代码.localeCompare(b.街道代码)).forEach((row, index) => {
          row.区内排名 = index + 1;
        });
        ratings.push(...rows);
      }
    }
    const latest = MONTHS[MONTHS.length - 1]!;
    const summaries = model.districts.map((district) => {
      const rows = ratings.filter((r) => r.区代码 === district.code && r.测评月份 === latest);
      const passing = rows.filter((r) => (r.综合得分 as number) >= PASS_SCORE).length;
      return {
        区代码: district.code,
        测评月份: latest,
        平均得分: round1(rows.reduce((sum, r) => sum + (r.综合得分 as number), 0) / rows.length),
        测评街道数: rows.length,
        达标街道数: passing,
        达标率: round1((passing / rows.length) * 100),
      };
    });
    return [
      {
        name: '街道环境卫生测评.csv',
        encoding: 'gbk',
        columns: ['测评编号', '街道代码', '街道名称', '区代码', '测评月份', '综合得分', '道路保洁得分', '垃圾清运得分', '公厕保洁得分', '区内排名', '测评机构'],
        rows: ratings,
      },
      {
        name: '区环境卫生测评汇总.csv',
        encoding: 'gbk',
        columns: ['区代码', '测评月份', '平均得分', '测评街道数', '达标街道数', '达标率'],
        rows: summaries,
      },
    ];
  },
};

export default spec;
