import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

/** The civil affairs divisions database: three legacy tables with pinyin-initial columns. */
const spec: SimulatorSpec = {
  id: 'admin-divisions',
  kind: 'sql',
  tables: (model): LegacyTable[] => [
    {
      name: 'T_XZQH_QX',
      columns: { QXDM: 'TEXT', QXMC: 'TEXT', QXMC_YW: 'TEXT', ZXJD: 'REAL', ZXWD: 'REAL', CZRK: 'INTEGER' },
      indexes: ['QXDM'],
      rows: model.districts.map((d) => ({ QXDM: d.code, QXMC: d.nameZh, QXMC_YW: d.nameEn, ZXJD: d.lng, ZXWD: d.lat, CZRK: d.population })),
    },
    {
      name: 'T_XZQH_JD',
      columns: { JDDM: 'TEXT', JDMC: 'TEXT', SSQX_DM: 'TEXT', ZXJD: 'REAL', ZXWD: 'REAL' },
      indexes: ['JDDM', 'SSQX_DM'],
      rows: model.streets.map((s) => ({ JDDM: s.code, JDMC: s.name, SSQX_DM: s.districtCode, ZXJD: s.lng, ZXWD: s.lat })),
    },
    {
      name: 'T_XZQH_SQ',
      columns: { SQDM: 'TEXT', SQMC: 'TEXT', SSJD_DM: 'TEXT' },
      indexes: ['SQDM', 'SSJD_DM'],
      rows: model.communities.map((c) => ({ SQDM: c.code, SQMC: c.name, SSJD_DM: c.streetCode })),
    },
  ],
};

export default spec;
