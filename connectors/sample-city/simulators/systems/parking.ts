import { MUCK_TRAFFIC_DAY } from '../muck-traffic.ts';
import { seedOf } from '../seed-of.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const KINDS = ['公共停车场', '地下停车库', '立体停车库', '道路停车泊位'];
const OPERATORS = ['上海城投停车管理有限公司', '静安置业停车管理有限公司', '上海捷停车科技有限公司', '区停车管理中心'];

/** The parking platform's API: `{ resultCode: '0000', data: { totalCount, list } }` with camelCase names, pages of at most 300. */
const spec: SimulatorSpec = {
  id: 'parking',
  kind: 'rest',
  resources: (model) => {
    const random = createRandom(seedOf('parking', model.seed));
    const districtName = new Map(model.districts.map((d) => [d.code, d.nameZh]));
    const rows = model.streets.flatMap((street) =>
      Array.from({ length: random.int(2, 3) }, (_, k) => {
        const total = random.int(4, 60) * 10;
        return {
          parkId: `P${street.code}${String(k + 1).padStart(2, '0')}`,
          parkName: `${street.name.replace('街道', '')}${random.pick(KINDS)}`,
          parkAddr: `${districtName.get(street.districtCode)}${street.name.replace('街道', '路')}${random.int(1, 900)}号`,
          areaNo: street.districtCode,
          streetNo: street.code,
          latitude: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          longitude: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
          totalBerth: total,
          freeBerth: random.int(0, total),
          feeHour: random.pick([5, 8, 10, 12, 15]),
          allDay: random.chance(0.6),
          operName: random.pick(OPERATORS),
          updTime: `${MUCK_TRAFFIC_DAY} 18:${String(random.int(0, 59)).padStart(2, '0')}:00`,
        };
      }),
    );
    return [
      {
        path: '/tcc/api/parkinglot/query',
        rows,
        filters: { parkId: 'parkId', streetNo: 'streetNo', areaNo: 'areaNo' },
        within: { param: 'regionNo', field: 'streetNo' },
        pageParam: 'pageNum',
        sizeParam: 'pageSize',
        maxPageSize: 300,
        envelope: (list, totalCount, pageNum) => ({ resultCode: '0000', resultMsg: '成功', data: { totalCount, pageNum, list } }),
      },
    ];
  },
};

export default spec;
