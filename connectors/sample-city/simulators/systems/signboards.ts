import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SqlSimulatorSpec } from '../simulator-spec.ts';
import { groupBy } from '../group-by.ts';

const KINDS = ['店招', '屋顶广告', '墙面广告'];

/** The signboard permits: commercial and office buildings carry one to three, a few protected buildings one. */
const spec: SqlSimulatorSpec = {
  id: 'signboards',
  kind: 'sql',
  tables: (model) => {
    const random = createRandom(seedOf('signboards', model.seed));
    const firms = groupBy(model.enterprises, (e) => e.districtCode);
    const rows: Record<string, unknown>[] = [];
    for (const building of model.buildings) {
      const count = building.use === 'commercial' || building.use === 'office' ? random.int(1, 3) : building.historic && random.chance(0.5) ? 1 : 0;
      for (let n = 1; n <= count; n += 1) {
        const owner = random.pick(firms.get(building.districtCode)!);
        rows.push({
          ZPBH: `ZP${building.buildingId.slice(1)}${n}`,
          JZBH: building.buildingId,
          ZPLX: building.historic ? '店招' : random.pick(KINDS),
          ZPNR: owner.name.replace(/^上海/, '').replace(/有限公司$/, ''),
          MJ: Math.round((building.historic ? 1 + random.next() * 2 : 2 + random.next() * 60) * 10) / 10,
          SZDW_TYDM: owner.creditCode,
          XKZH: `沪绿容广字(${random.int(2019, 2026)})第${random.int(1, 99_999)}号`,
          YXQZ: `${random.int(2026, 2029)}-${String(random.int(1, 12)).padStart(2, '0')}-28`,
          AQJCRQ: `2026-${String(random.int(1, 11)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
          AQZT: random.chance(0.1) ? '待整改' : '合格',
          JDDM: building.streetCode,
          WGBM: building.gridCode,
        });
      }
    }
    return [
      {
        name: 'T_LHSR_ZP',
        columns: { ZPBH: 'TEXT', JZBH: 'TEXT', ZPLX: 'TEXT', ZPNR: 'TEXT', MJ: 'REAL', SZDW_TYDM: 'TEXT', XKZH: 'TEXT', YXQZ: 'TEXT', AQJCRQ: 'TEXT', AQZT: 'TEXT', JDDM: 'TEXT', WGBM: 'TEXT' },
        indexes: ['ZPBH', 'JZBH', 'JDDM', 'WGBM', 'SZDW_TYDM'],
        rows,
      },
    ];
  },
};

export default spec;
