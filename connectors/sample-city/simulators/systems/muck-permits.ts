import { muckTrafficOf } from '../muck-traffic.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

/** City appearance's permit database: the permit table and the truck register, pinyin-initial columns. */
const spec: SimulatorSpec = {
  id: 'muck-permits',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const traffic = muckTrafficOf(model);
    return [
      {
        name: 'T_ZT_ZYZ',
        columns: {
          ZYZH: 'TEXT', GDBH: 'TEXT', JSDW_XYDM: 'TEXT', YSQY_XYDM: 'TEXT', QXDM: 'TEXT', JDDM: 'TEXT', YXQ_Q: 'TEXT', YXQ_Z: 'TEXT',
          HZFL: 'INTEGER', XNC_MC: 'TEXT', HZLX: 'TEXT', ZT: 'TEXT',
        },
        indexes: ['ZYZH', 'GDBH', 'YSQY_XYDM', 'JDDM'],
        rows: traffic.permits.map((p) => ({
          ZYZH: p.permitNo,
          GDBH: p.siteId,
          JSDW_XYDM: p.builderCreditCode,
          YSQY_XYDM: p.carrierCreditCode,
          QXDM: p.districtCode,
          JDDM: p.streetCode,
          YXQ_Q: `${p.validFrom} 00:00:00`,
          YXQ_Z: `${p.validUntil} 23:59:59`,
          HZFL: p.approvedVolumeM3,
          XNC_MC: p.disposalSite,
          HZLX: p.route.join(';'),
          ZT: p.validUntil >= traffic.day ? '有效' : '过期',
        })),
      },
      {
        name: 'T_ZT_YSCL',
        columns: {
          CPHM: 'TEXT', YSQY_XYDM: 'TEXT', SSQX: 'TEXT', ZYZH: 'TEXT', HDRJ: 'INTEGER', MBGZ: 'INTEGER', GPS_ZDH: 'TEXT',
          JSY_RYBS: 'TEXT', JSY_XM: 'TEXT', JSY_LXDH: 'TEXT', DJSJ: 'TEXT',
        },
        indexes: ['CPHM', 'ZYZH', 'YSQY_XYDM', 'SSQX'],
        rows: traffic.trucks.map((t) => ({
          CPHM: t.plate,
          YSQY_XYDM: t.carrierCreditCode,
          SSQX: t.districtCode,
          ZYZH: t.permitNo,
          HDRJ: t.capacityM3,
          MBGZ: t.sealedBody,
          GPS_ZDH: t.terminalId,
          JSY_RYBS: t.driverPersonId,
          JSY_XM: t.driverName,
          JSY_LXDH: t.driverPhone,
          DJSJ: t.registeredAt,
        })),
      },
    ];
  },
};

export default spec;
