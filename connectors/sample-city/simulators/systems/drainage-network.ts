import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { systemSeed } from '../system-seed.ts';

const MATERIALS = ['钢筋混凝土', 'HDPE', '球墨铸铁', '砖砌'];

/** The water authority's drainage network export: a UTF-8 CSV with Chinese headers, two pipe sections per community. */
const spec: SimulatorSpec = {
  id: 'drainage-network',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(systemSeed(model, 'drainage-network'));
    const streets = new Map(model.streets.map((s) => [s.code, s]));
    const rows = model.communities.flatMap((community) => {
      const street = streets.get(community.streetCode)!;
      return [1, 2].map((n) => {
        const kind = n === 1 ? '雨水' : random.pick(['雨水', '污水', '合流']);
        return {
          管段编号: `PS${community.code.slice(4)}${n}`,
          管道类别: kind,
          所属区: street.districtCode,
          所属街道: street.code,
          所属社区: community.code,
          管径毫米: random.pick([300, 400, 600, 800, 1000, 1200, 1500]),
          材质: random.pick(MATERIALS),
          长度米: +(30 + random.next() * 170).toFixed(1),
          埋深米: +(1 + random.next() * 4).toFixed(2),
          起点纬度: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          起点经度: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
          建设年份: random.int(1960, 2024),
          淤积等级: random.int(0, 3),
        };
      });
    });
    return [{ name: '排水管段.csv', encoding: 'utf-8', columns: Object.keys(rows[0]!), rows }];
  },
};

export default spec;
