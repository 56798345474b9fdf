import { CITY_SCALES } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SqlSimulatorSpec } from '../simulator-spec.ts';

const KINDS: ReadonlyArray<readonly [kind: string, owner: string]> = [
  ['井盖', '水务局'],
  ['井盖', '燃气公司'],
  ['路灯', '路政局'],
  ['交通标志', '交警支队'],
  ['消防栓', '消防救援支队'],
  ['垃圾箱', '绿化市容局'],
];

/** The component inventory: a handful of components per grid per resident hundred, wider at city scale. */
const spec: SqlSimulatorSpec = {
  id: 'city-components',
  kind: 'sql',
  tables: (model) => {
    const random = createRandom(seedOf('city-components', model.seed));
    const perGrid = Math.max(4, Math.round(CITY_SCALES[model.scale].residentsPerCommunity / 5));
    const rows: Record<string, unknown>[] = [];
    for (const grid of model.grids) {
      for (let n = 1; n <= perGrid; n += 1) {
        const [kind, owner] = random.pick(KINDS);
        const roll = random.next();
        rows.push({
          BJBH: `BJ${grid.code.replace('-', '')}${String(n).padStart(4, '0')}`,
          BJLX: kind,
          QSDW: owner,
          BJZT: roll < 0.04 ? '丢失' : roll < 0.12 ? '破损' : '完好',
          WD: +(grid.lat + (random.next() - 0.5) * 0.004).toFixed(6),
          JD: +(grid.lng + (random.next() - 0.5) * 0.004).toFixed(6),
          XCSJ: `2026-11-${String(random.int(1, 28)).padStart(2, '0')} ${String(random.int(8, 18)).padStart(2, '0')}:00:00`,
          JDDM: grid.streetCode,
          WGBM: grid.code,
        });
      }
    }
    return [
      {
        name: 'T_WG_CSBJ',
        columns: { BJBH: 'TEXT', BJLX: 'TEXT', QSDW: 'TEXT', BJZT: 'TEXT', WD: 'REAL', JD: 'REAL', XCSJ: 'TEXT', JDDM: 'TEXT', WGBM: 'TEXT' },
        indexes: ['BJBH', 'WGBM', 'JDDM'],
        rows,
      },
    ];
  },
};

export default spec;
