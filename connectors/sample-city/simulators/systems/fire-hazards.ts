import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const NS = 'http://xf.sh.gov.cn/yhpc';
const KINDS = ['消防通道堵塞', '电动车违规充电', '灭火器失效', '疏散指示损坏', '违规用火用电'] as const;
const SURNAMES = ['王', '李', '张', '陈', '周', '徐'];
const GIVEN = ['建国', '卫东', '海峰', '志强', '晓明', '立新'];

/**
 * The fire brigade's hazard service (document/literal SOAP 1.1, operation `QueryYhxx`):
 * hazards in about 8% of the buildings, more in old and tall ones; major ones (level 3) are
 * mostly rectified, the others about half.
 */
const spec: SimulatorSpec = {
  id: 'fire-hazards',
  kind: 'soap',
  service: (model) => {
    const random = createRandom(seedOf('fire-hazards', model.seed));
    const rows: Record<string, string>[] = [];
    for (const b of model.buildings) {
      if (!random.chance(b.yearBuilt < 1980 || b.floors > 24 ? 0.14 : 0.06)) continue;
      const level = random.chance(0.1) ? 3 : random.int(1, 2);
      const rectified = random.chance(level === 3 ? 0.85 : 0.5);
      const month = random.int(1, 6);
      rows.push({
        yhbh: `YH${b.buildingId.slice(1)}${String(rows.length % 100).padStart(2, '0')}`,
        jzwbh: b.buildingId,
        dz: b.address,
        yhlx: random.pick(KINDS),
        yhdj: String(level),
        sfzg: rectified ? 'true' : 'false',
        zgqx: `2026-${String(month + 1).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        fxsj: `2026-${String(month).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')} ${String(random.int(9, 17)).padStart(2, '0')}:30:00`,
        jcyxm: random.pick(SURNAMES) + random.pick(GIVEN),
        wd: String(b.lat),
        jd: String(b.lng),
        jdbm: b.streetCode,
        wgbm: b.gridCode,
      });
    }
    return {
      service: 'YhpcService',
      namespace: NS,
      operations: [
        {
          operation: 'QueryYhxx',
          soapAction: `${NS}/QueryYhxx`,
          requestElement: 'QueryYhxxRequest',
          responseElement: 'QueryYhxxResponse',
          resultElement: 'return',
          rowElement: 'yhxx',
          rows,
          filters: { yhbh: 'yhbh', jzwbh: 'jzwbh', jdbm: 'jdbm' },
          within: { element: 'xzqhdm', field: 'wgbm' },
        },
      ],
    };
  },
};

export default spec;
