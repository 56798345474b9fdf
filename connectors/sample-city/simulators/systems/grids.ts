import type { SimulatorSpec } from '../simulator-spec.ts';

/** The grid management centre's grid table. */
const spec: SimulatorSpec = {
  id: 'grids',
  kind: 'sql',
  tables: (model) => [
    {
      name: 'WG_JBXX',
      columns: { WGBM: 'TEXT', WGMC: 'TEXT', SSSQ_DM: 'TEXT', SSJD_DM: 'TEXT', WGMJ: 'REAL', ZXJD: 'REAL', ZXWD: 'REAL' },
      indexes: ['WGBM', 'SSSQ_DM', 'SSJD_DM'],
      rows: model.grids.map((g) => ({
        WGBM: g.code,
        WGMC: g.name,
        SSSQ_DM: g.communityCode,
        SSJD_DM: g.streetCode,
        WGMJ: g.areaKm2,
        ZXJD: g.lng,
        ZXWD: g.lat,
      })),
    },
  ],
};

export default spec;
