import { createRandom } from '../random.ts';
import { protectedBuildings } from '../protected-buildings.ts';
import { seedOf } from '../seed-of.ts';
import type { SqlSimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

const ESTATE_STEMS = ['花园', '新村', '公寓', '苑', '大厦', '坊'];

/** The housing administration's estate register and housing officers: two cryptic legacy tables. */
const spec: SqlSimulatorSpec = {
  id: 'residential-communities',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const random = createRandom(seedOf('residential-communities', model.seed));
    const streets = new Map(model.streets.map((s) => [s.code, s]));
    const managers = new Map<string, string[]>();
    for (const e of model.enterprises) if (e.kind === 'services') managers.set(e.districtCode, [...(managers.get(e.districtCode) ?? []), e.creditCode]);
    const estates: Record<string, unknown>[] = [];
    for (const community of model.communities) {
      const street = streets.get(community.streetCode)!;
      const stem = community.name.replace(/居委会$/, '');
      const count = random.int(1, 3);
      for (let n = 1; n <= count; n += 1) {
        const companies = managers.get(street.districtCode);
        estates.push({
          XQBH: `XQ${community.code}${n}`,
          XQMC: `${stem}${random.pick(ESTATE_STEMS)}${n > 1 ? `${n}期` : ''}`,
          XQDZ: `${street.name.replace('街道', '')}${stem}路${random.int(1, 999)}弄`,
          ZHS: random.int(120, 2_400),
          LDS: random.int(3, 40),
          JCNF: random.int(1980, 2022),
          WYGS_TYDM: companies && random.chance(0.9) ? random.pick(companies) : null,
          WXJJ_YE: Math.round(random.next() * 800 * 100) / 100,
          QXDM: street.districtCode,
          JDDM: street.code,
          SQDM: community.code,
        });
      }
    }
    return [
      {
        name: 'T_FG_ZZXQ',
        columns: { XQBH: 'TEXT', XQMC: 'TEXT', XQDZ: 'TEXT', ZHS: 'INTEGER', LDS: 'INTEGER', JCNF: 'INTEGER', WYGS_TYDM: 'TEXT', WXJJ_YE: 'REAL', QXDM: 'TEXT', JDDM: 'TEXT', SQDM: 'TEXT' },
        indexes: ['XQBH', 'JDDM', 'SQDM', 'WYGS_TYDM'],
        rows: estates,
      },
      {
        name: 'T_FG_FGY',
        columns: { FGYBH: 'TEXT', XM: 'TEXT', LXDH: 'TEXT', ZW: 'TEXT', QXDM: 'TEXT', JDDM: 'TEXT' },
        indexes: ['FGYBH', 'JDDM'],
        rows: protectedBuildings(model).officers.map((o) => ({ FGYBH: o.officerId, XM: o.name, LXDH: o.phone, ZW: '房管员', QXDM: o.districtCode, JDDM: o.streetCode })),
      },
    ];
  },
};

export default spec;
