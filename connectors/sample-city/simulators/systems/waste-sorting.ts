import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const WINDOWS = ['07:00-09:00,18:00-20:00', '06:30-08:30,18:30-20:30', '07:00-09:30,17:30-20:00'];

/**
 * The sorting points API: `{ resultCode: '0000', resultMsg, result: { totalCount, current, list } }`,
 * pages of at most 200; one point per 20 residents of a community (at least one).
 */
const spec: SimulatorSpec = {
  id: 'waste-sorting',
  kind: 'rest',
  resources: (model) => {
    const random = createRandom(model.seed ^ 0x1a5f);
    const streets = new Map(model.streets.map((s) => [s.code, s]));
    const residents = new Map<string, number>();
    for (const r of model.residents) residents.set(r.communityCode, (residents.get(r.communityCode) ?? 0) + 1);
    const rows = model.communities.flatMap((community) => {
      const street = streets.get(community.streetCode)!;
      return Array.from({ length: Math.max(1, Math.round((residents.get(community.code) ?? 0) / 20)) }, (_, n) => ({
        tfdbh: `TFD${community.code}${String(n + 1).padStart(2, '0')}`,
        tfdmc: `${community.name.replace('居委会', '')}${n + 1}号投放点`,
        dz: `${street.name.replace('街道', '')}${community.name.replace('居委会', '')}小区${n + 1}号门旁`,
        jd: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        wd: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        tfsj: random.pick(WINDOWS),
        tlx: random.chance(0.8) ? '干垃圾,湿垃圾,可回收物,有害垃圾' : '干垃圾,湿垃圾',
        sfyrzs: random.chance(0.75) ? 1 : 0,
        fldbl: Math.round((80 + random.next() * 20) * 10) / 10,
        jddm: community.streetCode,
        sqdm: community.code,
      }));
    });
    return [
      {
        path: '/ljfl/api/tfd/page',
        rows,
        filters: { tfdbh: 'tfdbh', sqdm: 'sqdm', jddm: 'jddm', sfyrzs: 'sfyrzs' },
        within: { param: 'xzqhdm', field: 'sqdm' },
        pageParam: 'current',
        sizeParam: 'size',
        maxPageSize: 200,
        envelope: (list, total, page) => ({ resultCode: '0000', resultMsg: 'success', result: { totalCount: total, current: page, list } }),
      },
    ];
  },
};

export default spec;
