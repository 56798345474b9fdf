import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SqlSimulatorSpec } from '../simulator-spec.ts';

const STAGES = ['摸底调查', '方案编制', '征收实施', '已完成'];

/** The urban renewal office's register: about one street in three has an urban village. */
const spec: SqlSimulatorSpec = {
  id: 'urban-villages',
  kind: 'sql',
  tables: (model) => {
    const random = createRandom(seedOf('urban-villages', model.seed));
    const rows = model.streets
      .filter(() => random.chance(0.35))
      .map((street, index) => {
        const population = random.int(800, 12_000);
        return {
          CZCBH: `CZC${street.code}`,
          CZCMC: `${street.name.replace('街道', '')}${random.pick(['村', '宅', '浜'])}`,
          ZDMJ: Math.round((3 + random.next() * 40) * 10) / 10,
          CZRK: population,
          LDRK: Math.round(population * (0.4 + random.next() * 0.5)),
          CZFWS: random.int(100, 3_000),
          GZJD: STAGES[index % STAGES.length],
          BCYS: Math.round(random.next() * 50 * 100) / 100,
          QXDM: street.districtCode,
          JDDM: street.code,
        };
      });
    return [
      {
        name: 'T_CGB_CZC',
        columns: { CZCBH: 'TEXT', CZCMC: 'TEXT', ZDMJ: 'REAL', CZRK: 'INTEGER', LDRK: 'INTEGER', CZFWS: 'INTEGER', GZJD: 'TEXT', BCYS: 'REAL', QXDM: 'TEXT', JDDM: 'TEXT' },
        indexes: ['CZCBH', 'JDDM'],
        rows,
      },
    ];
  },
};

export default spec;
