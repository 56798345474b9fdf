import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

const ROADS = ['愚园路', '常德路', '延安中路', '北京西路', '新闸路', '康定路', '昌平路', '西康路', '胶州路', '武定路'];
const OPERATORS = ['区环境卫生管理所', '城投环境集团', '街道市容所'];

/**
 * The sanitation authority's facility table: every community has public toilets and a refuse
 * room, every street a workers' rest stop, and every district a transfer station.
 */
const spec: SimulatorSpec = {
  id: 'sanitation-facilities',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const random = createRandom(model.seed ^ 0x4a4c55);
    const rows: Record<string, string | number | null>[] = [];
    const districtName = new Map(model.districts.map((d) => [d.code, d.nameZh]));
    const streets = new Map(model.streets.map((s) => [s.code, s]));
    const add = (type: string, communityCode: string, extra: { KWS?: number | null; RCLNL?: number | null; KFSJ: string }) => {
      const street = streets.get(communityCode.slice(0, 9))!;
      const road = random.pick(ROADS);
      rows.push({
        SSBH: `HW${communityCode}${String(rows.length + 1).padStart(5, '0')}`,
        SSMC: type === '公厕' ? `${road}公厕` : `${street.name.replace('街道', '')}${type}`,
        SSLX: type,
        DZ: `${districtName.get(street.districtCode)}${road}${random.int(1, 1500)}号`,
        JD: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        WD: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        KFSJ: extra.KFSJ,
        WZA: random.chance(0.7) ? 1 : 0,
        KWS: extra.KWS ?? null,
        ZT: random.chance(0.93) ? '正常' : '维修中',
        RCLNL: extra.RCLNL ?? null,
        GLDW: random.pick(OPERATORS),
        QXDM: street.districtCode,
        JDDM: street.code,
        SQDM: communityCode,
      });
    };
    for (const community of model.communities) {
      for (let n = random.int(1, 2); n > 0; n -= 1) add('公厕', community.code, { KWS: random.int(4, 16), KFSJ: random.chance(0.6) ? '00:00-24:00' : '05:00-23:00' });
      add('垃圾箱房', community.code, { KFSJ: '06:00-09:00,18:00-21:00' });
    }
    for (const street of model.streets) {
      const community = model.communities.find((c) => c.streetCode === street.code)!;
      add('环卫工人休息点', community.code, { KFSJ: '05:00-20:00' });
    }
    for (const district of model.districts) {
      const community = model.communities.find((c) => c.streetCode.startsWith(district.code))!;
      add('垃圾转运站', community.code, { RCLNL: random.int(4, 30) * 50, KFSJ: '04:00-22:00' });
    }
    return [
      {
        name: 'HW_SSJBXX',
        columns: {
          SSBH: 'TEXT', SSMC: 'TEXT', SSLX: 'TEXT', DZ: 'TEXT', JD: 'REAL', WD: 'REAL', KFSJ: 'TEXT', WZA: 'INTEGER', KWS: 'INTEGER', ZT: 'TEXT',
          RCLNL: 'REAL', GLDW: 'TEXT', QXDM: 'TEXT', JDDM: 'TEXT', SQDM: 'TEXT',
        },
        indexes: ['SSBH', 'SSLX', 'JDDM', 'SQDM'],
        rows,
      },
    ];
  },
};

export default spec;
