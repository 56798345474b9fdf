import { createRandom } from '../random.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const GIVEN = ['伟', '芳', '敏', '静', '强', '磊', '军', '洋', '勇', '杰', '涛', '明'];
const CATEGORIES = ['暴露垃圾', '占道经营', '井盖缺失', '违章搭建', '乱张贴', '绿化损毁', '道路破损'];
const STATUSES = ['已上报', '已立案', '已结案', '已结案'];
const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The grid centre's API, `{ success, errorCode, data: { records, total, current, size } }` in
 * pages of at most 500: one patroller per grid, and zero to three reports per grid this month.
 */
const spec: SimulatorSpec = {
  id: 'grid-patrol',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => {
    const random = createRandom(model.seed ^ 0x96d9);
    const patrollers = model.grids.map((grid) => ({
      XGYBH: `XG${grid.code.replace('-', '')}`,
      XM: random.pick(SURNAMES) + random.pick(GIVEN),
      SJHM: `139${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      WGBM: grid.code,
      JDDM: grid.streetCode,
      ZGZT: random.chance(0.9) ? 1 : 0,
    }));
    let sequence = 0;
    const reports = model.grids.flatMap((grid, index) =>
      Array.from({ length: random.int(0, 3) }, () => {
        sequence += 1;
        const category = random.pick(CATEGORIES);
        return {
          SJBH: `SB2026${String(sequence).padStart(7, '0')}`,
          XGYBH: patrollers[index]!.XGYBH,
          SJLB: category,
          SJMS: `${grid.name}发现${category}`,
          ZT: random.pick(STATUSES),
          SBSJ: `2026-11-${pad(random.int(1, 28))} ${pad(random.int(8, 18))}:${pad(random.int(0, 59))}:00`,
          JD: +(grid.lng + (random.next() - 0.5) * 0.002).toFixed(6),
          WD: +(grid.lat + (random.next() - 0.5) * 0.002).toFixed(6),
          WGBM: grid.code,
          JDDM: grid.streetCode,
        };
      }),
    );
    const envelope = (records: unknown, total: number, current: number) => ({ success: true, errorCode: null, data: { records, total, current, size: 500 } });
    return [
      {
        path: '/wgh/api/xgy/query',
        rows: patrollers,
        filters: { xgybh: 'XGYBH', wgbm: 'WGBM', jddm: 'JDDM', zgzt: 'ZGZT' },
        within: { param: 'xzqh', field: 'WGBM' },
        pageParam: 'current',
        sizeParam: 'size',
        maxPageSize: 500,
        envelope,
      },
      {
        path: '/wgh/api/sbsj/query',
        rows: reports,
        filters: { sjbh: 'SJBH', xgybh: 'XGYBH', wgbm: 'WGBM', jddm: 'JDDM', zt: 'ZT' },
        within: { param: 'xzqh', field: 'WGBM' },
        pageParam: 'current',
        sizeParam: 'size',
        maxPageSize: 500,
        envelope,
      },
    ];
  },
};

export default spec;
