import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const HOSPITAL_KINDS = [
  ['综合医院', '人民医院'],
  ['专科医院', '妇幼保健院'],
  ['中医医院', '中医医院'],
  ['专科医院', '精神卫生中心'],
] as const;

/**
 * The health commission's institution API: `{ resultCode, resultMsg, result: { totalCount, list } }`
 * paged by `pageIndex`/`pageSize`. One community health centre per street; in each district one
 * hospital for every three streets (the first a 三级甲等 general hospital).
 */
const spec: SimulatorSpec = {
  id: 'hospitals',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => {
    const random = createRandom(seedOf('hospitals', model.seed));
    const rows: Record<string, unknown>[] = [];
    const districtName = new Map(model.districts.map((d) => [d.code, d.nameZh]));
    const phone = () => `021-${random.int(5000, 6999)}${String(random.int(0, 9999)).padStart(4, '0')}`;
    for (const street of model.streets) {
      const beds = random.int(20, 80);
      rows.push({
        jgdm: `PDY${street.code}`,
        jgmc: `${districtName.get(street.districtCode)}${street.name.replace('街道', '')}社区卫生服务中心`,
        jglb: '社区卫生服务中心',
        jgdj: '一级',
        dz: `${districtName.get(street.districtCode)}${street.name.replace('街道', '')}路${random.int(1, 800)}号`,
        lxdh: phone(),
        cws: beds,
        sfyjz: false,
        zycws: random.int(0, beds),
        wd: street.lat,
        jd: street.lng,
        qxdm: street.districtCode,
        jddm: street.code,
      });
    }
    for (const district of model.districts) {
      const streets = model.streets.filter((s) => s.districtCode === district.code);
      for (let h = 0; h < Math.max(1, Math.floor(streets.length / 3)); h += 1) {
        const street = streets[(h * 3) % streets.length]!;
        const [kind, suffix] = h === 0 ? HOSPITAL_KINDS[0] : random.pick(HOSPITAL_KINDS);
        const beds = h === 0 ? random.int(800, 2_000) : random.int(150, 700);
        rows.push({
          jgdm: `PDY${district.code}H${String(h + 1).padStart(2, '0')}`,
          jgmc: `${district.nameZh}${h === 0 ? '中心' : `第${h + 1}`}${suffix}`,
          jglb: kind,
          jgdj: h === 0 ? '三级甲等' : random.pick(['二级甲等', '二级乙等', '三级乙等']),
          dz: `${district.nameZh}${street.name.replace('街道', '')}路${random.int(1, 800)}号`,
          lxdh: phone(),
          cws: beds,
          sfyjz: h === 0 || kind === '综合医院',
          zycws: Math.round(beds * (0.6 + random.next() * 0.35)),
          wd: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          jd: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
          qxdm: district.code,
          jddm: street.code,
        });
      }
    }
    return [
      {
        path: '/wjw/api/yljg/query',
        rows,
        filters: { jgdm: 'jgdm', qxdm: 'qxdm', jddm: 'jddm', jglb: 'jglb' },
        within: { param: 'xzqhdm', field: 'jddm' },
        pageParam: 'pageIndex',
        sizeParam: 'pageSize',
        maxPageSize: 200,
        envelope: (list, total) => ({ resultCode: '0000', resultMsg: 'success', result: { totalCount: total, list } }),
      },
    ];
  },
};

export default spec;
