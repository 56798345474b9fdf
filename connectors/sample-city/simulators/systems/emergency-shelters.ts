import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { systemSeed } from '../system-seed.ts';

const KINDS = ['公园绿地', '学校操场', '体育场馆', '社区活动中心'];

/** The emergency management bureau's shelter register: a GBK CSV with Chinese headers, one shelter per street. */
const spec: SimulatorSpec = {
  id: 'emergency-shelters',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(systemSeed(model, 'emergency-shelters'));
    const districtName = new Map(model.districts.map((d) => [d.code, d.nameZh]));
    const rows = model.streets.map((street) => {
      const category = random.pick(['Ⅰ类', 'Ⅱ类', 'Ⅲ类', 'Ⅲ类']);
      const kind = random.pick(KINDS);
      return {
        场所编号: `BN${street.code.slice(4)}`,
        场所名称: `${street.name.replace('街道', '')}${kind}应急避难场所`,
        场所类型: kind,
        避难场所级别: category,
        所属区: street.districtCode,
        所属街道: street.code,
        地址: `${districtName.get(street.districtCode)}${street.name.replace('街道', '')}路${random.int(1, 999)}号`,
        容纳人数: category === 'Ⅰ类' ? random.int(5_000, 20_000) : category === 'Ⅱ类' ? random.int(1_000, 5_000) : random.int(200, 1_000),
        有效面积平方米: random.int(800, 40_000),
        纬度: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        经度: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        是否开放: random.chance(0.2) ? '是' : '否',
        值班电话: `021-${random.int(5000_0000, 6999_9999)}`,
      };
    });
    return [{ name: '应急避难场所.csv', encoding: 'gbk', columns: Object.keys(rows[0]!), rows }];
  },
};

export default spec;
