import { muckTrafficOf } from '../muck-traffic.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The traffic police's violation database: the surveillance violations table (非现场违法), 0/1 flags. */
const spec: SimulatorSpec = {
  id: 'traffic-violations',
  kind: 'sql',
  tables: (model) => [
    {
      name: 'VIO_SURVEIL',
      columns: {
        XH: 'TEXT', HPHM: 'TEXT', JSZ_RYBS: 'TEXT', DSR: 'TEXT', WFXW: 'TEXT', WFNR: 'TEXT', XZQH: 'TEXT', JDDM: 'TEXT', KKBH: 'TEXT',
        GCXH: 'TEXT', WFSJ: 'TEXT', FKJE: 'INTEGER', WFJFS: 'INTEGER', CLBJ: 'INTEGER',
      },
      indexes: ['XH', 'HPHM', 'JSZ_RYBS', 'JDDM', 'KKBH'],
      rows: muckTrafficOf(model).violations.map((v) => ({
        XH: v.violationId,
        HPHM: v.plate,
        JSZ_RYBS: v.driverPersonId,
        DSR: v.driverName,
        WFXW: v.code,
        WFNR: v.description,
        XZQH: v.districtCode,
        JDDM: v.streetCode,
        KKBH: v.checkpointId,
        GCXH: v.passageId,
        WFSJ: v.occurredAt,
        FKJE: v.fineYuan,
        WFJFS: v.points,
        CLBJ: v.handled,
      })),
    },
  ],
};

export default spec;
