import { MUCK_TRAFFIC_DAY } from '../muck-traffic.ts';
import { seedOf } from '../seed-of.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The bike supervision platform: snake_case JSON, `{ head: { code }, body: { total, items } }`, pages of at most 1000. */
const spec: SimulatorSpec = {
  id: 'shared-bikes',
  kind: 'rest',
  resources: (model) => {
    const random = createRandom(seedOf('shared-bikes', model.seed));
    const rows = model.grids.map((grid) => {
      const capacity = random.int(2, 12) * 10;
      const [hb, mt, qj] = [random.int(0, capacity * 0.6), random.int(0, capacity * 0.5), random.int(0, capacity * 0.4)];
      return {
        fence_id: `DZWL${grid.code.replace('-', '')}`,
        fence_name: `${grid.name}非机动车停放区`,
        grid_code: grid.code,
        street_code: grid.streetCode,
        lat: grid.lat,
        lng: grid.lng,
        capacity,
        bike_total: hb + mt + qj,
        hb_num: hb,
        mt_num: mt,
        qj_num: qj,
        over_flag: hb + mt + qj > capacity,
        update_time: `${MUCK_TRAFFIC_DAY} 18:${String(random.int(0, 59)).padStart(2, '0')}:00`,
      };
    });
    return [
      {
        path: '/bike/supervise/v1/fence/list',
        rows,
        filters: { fence_id: 'fence_id', grid_code: 'grid_code', street_code: 'street_code', over_flag: 'over_flag' },
        within: { param: 'region_code', field: 'grid_code' },
        pageParam: 'page_no',
        sizeParam: 'page_size',
        maxPageSize: 1000,
        envelope: (items, total) => ({ head: { code: 0, msg: 'success' }, body: { total, items } }),
      },
    ];
  },
};

export default spec;
