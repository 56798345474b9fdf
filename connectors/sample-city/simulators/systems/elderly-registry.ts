import type { SimulatorSpec } from '../simulator-spec.ts';

/** Civil affairs' elderly registry: one wide legacy table, booleans as 0/1, local date-times. */
const spec: SimulatorSpec = {
  id: 'elderly-registry',
  kind: 'sql',
  tables: (model) => {
    const residents = new Map(model.residents.map((r) => [r.personId, r]));
    return [
      {
        name: 'T_MZ_LNR_DJ',
        columns: {
          RYBS: 'TEXT', XM: 'TEXT', SFZH: 'TEXT', XB: 'TEXT', CSRQ: 'TEXT', LXDH: 'TEXT', JZDZ: 'TEXT', SFDJ: 'INTEGER',
          HLDJ: 'INTEGER', JDDM: 'TEXT', SQDM: 'TEXT', WGBM: 'TEXT', ZRGZRY: 'TEXT', DJSJ: 'TEXT',
        },
        indexes: ['RYBS', 'JDDM', 'SQDM', 'WGBM'],
        rows: model.elderly.map((e) => {
          const r = residents.get(e.personId)!;
          return {
            RYBS: e.personId,
            XM: r.name,
            SFZH: r.idNumber,
            XB: r.gender === 'M' ? '男' : '女',
            CSRQ: r.birthDate,
            LXDH: r.phone,
            JZDZ: r.address,
            SFDJ: e.livesAlone,
            HLDJ: e.careLevel,
            JDDM: r.streetCode,
            SQDM: r.communityCode,
            WGBM: r.gridCode,
            ZRGZRY: e.assignedWorkerId,
            DJSJ: e.registeredAt,
          };
        }),
      },
    ];
  },
};

export default spec;
