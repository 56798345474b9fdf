import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const KINDS = ['综合公园', '社区公园', '社区公园', '专类公园', '口袋公园', '口袋公园'] as const;
const SUFFIX: Readonly<Record<(typeof KINDS)[number], string>> = { 综合公园: '公园', 社区公园: '社区公园', 专类公园: '植物园', 口袋公园: '口袋公园' };

/** The parks register: one to three parks per street, comprehensive ones large and open 06:00-18:00, pocket parks open all day. */
const spec: SimulatorSpec = {
  id: 'parks',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(model.seed ^ 0x9a4c5);
    const districtName = new Map(model.districts.map((d) => [d.code, d.nameZh]));
    let sequence = 0;
    const rows = model.streets.flatMap((street) =>
      Array.from({ length: random.int(1, 3) }, () => {
        sequence += 1;
        const kind = random.pick(KINDS);
        const allDay = kind === '口袋公园' || kind === '社区公园';
        const stem = street.name.replace(/街道$/, '');
        return {
          公园编号: `GY${String(sequence).padStart(5, '0')}`,
          公园名称: `${stem}${sequence % 3 === 0 ? '滨河' : ''}${SUFFIX[kind]}`,
          公园类型: kind,
          地址: `${districtName.get(street.districtCode)}${stem}路${random.int(1, 999)}号`,
          经度: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
          纬度: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          面积_公顷: kind === '综合公园' ? Math.round((10 + random.next() * 60) * 100) / 100 : Math.round((0.05 + random.next() * 4) * 100) / 100,
          开放时间: allDay ? '全天开放' : '06:00-18:00',
          是否免费: kind === '专类公园' ? '否' : '是',
          是否24小时开放: allDay ? '是' : '否',
          管理处电话: `021-${String(random.int(5_000_0000, 6_999_9999))}`,
          管理单位: `${districtName.get(street.districtCode)}绿化管理所`,
          区代码: street.districtCode,
          街道代码: street.code,
        };
      }),
    );
    return [
      {
        name: '公园名录.csv',
        columns: ['公园编号', '公园名称', '公园类型', '地址', '经度', '纬度', '面积_公顷', '开放时间', '是否免费', '是否24小时开放', '管理处电话', '管理单位', '区代码', '街道代码'],
        rows,
      },
    ];
  },
};

export default spec;
