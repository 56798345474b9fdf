import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { systemSeed } from '../system-seed.ts';

const KINDS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['2000', '压力容器'],
  ['1000', '锅炉'],
  ['4000', '起重机械'],
  ['5000', '场（厂）内专用机动车辆'],
  ['8000', '压力管道'],
];

/**
 * Market regulation's special-equipment register (REST): one to three items at every
 * manufacturing, construction or services enterprise, installed in a building of its street.
 * `{ success, total, rows }`, pages of at most 200.
 */
const spec: SimulatorSpec = {
  id: 'special-equipment',
  kind: 'rest',
  resources: (model) => {
    const random = createRandom(systemSeed(model, 'special-equipment'));
    const buildingsOf = new Map<string, string[]>();
    for (const b of model.buildings) {
      if (b.use === 'residential') continue;
      const list = buildingsOf.get(b.streetCode);
      if (list) list.push(b.buildingId);
      else buildingsOf.set(b.streetCode, [b.buildingId]);
    }
    let serial = 0;
    const rows = model.enterprises
      .filter((e) => e.kind === 'manufacturing' || e.kind === 'construction' || e.kind === 'services')
      .flatMap((enterprise) =>
        Array.from({ length: random.int(1, 3) }, () => {
          serial += 1;
          const [code, name] = random.pick(KINDS);
          const buildings = buildingsOf.get(enterprise.streetCode);
          const due = `202${random.int(5, 7)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')} 00:00:00`;
          return {
            sbid: `TZ${String(serial).padStart(7, '0')}`,
            zcdm: `${code}${enterprise.districtCode}${String(serial).padStart(6, '0')}`,
            sbzl: name,
            sydw_xydm: enterprise.creditCode,
            sydw_mc: enterprise.name,
            szqx: enterprise.districtCode,
            szjd: enterprise.streetCode,
            jzbh: buildings ? random.pick(buildings) : null,
            xcjyrq: due,
            sbzt: random.pick(['在用', '在用', '在用', '停用']),
          };
        }),
      );
    return [
      {
        path: '/tzsb/api/sbxx',
        rows,
        filters: { sbid: 'sbid', xydm: 'sydw_xydm', jzbh: 'jzbh', szjd: 'szjd', szqx: 'szqx' },
        within: { param: 'xzqh', field: 'szjd' },
        pageParam: 'page',
        sizeParam: 'rows',
        maxPageSize: 200,
        envelope: (page, total) => ({ success: true, total, rows: page }),
      },
    ];
  },
};

export default spec;
