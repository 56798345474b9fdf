import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

const KINDS = ['投诉', '求助', '咨询', '建议'] as const;
const SUBJECTS = ['小区垃圾清运不及时', '夜间施工噪声扰民', '路灯不亮', '占道经营', '共享单车乱停放', '楼道堆物', '道路积水', '油烟扰民', '违章搭建', '公交站台破损'];
const DEPARTMENTS = ['街道办事处', '城管执法局', '绿化市容局', '生态环境局', '水务局', '交通委', '住房管理局'];
/** The day the hotline's statistics view was last computed. */
const STAT_DATE = '2026-11-28';
/** Days within which a ticket must be closed. */
const LIMIT_DAYS = 5;

const pad = (value: number) => String(value).padStart(2, '0');
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/**
 * The 12345 hotline's database: the ticket table (about one ticket for every four residents,
 * callers are residents of the city) and the statistics view per district, computed from the
 * tickets the way the hotline system's nightly job does.
 */
const spec: SimulatorSpec = {
  id: 'hotline-tickets',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const random = createRandom(model.seed ^ 0x12345);
    const tickets: Record<string, string | number | null>[] = [];
    for (const resident of model.residents) {
      if (!random.chance(0.25)) continue;
      const day = random.int(1, 28);
      const calledAt = `2026-11-${pad(day)} ${pad(random.int(7, 22))}:${pad(random.int(0, 59))}:00`;
      const roll = random.next();
      const status = roll < 0.6 ? '已办结' : roll < 0.85 ? '处理中' : '待受理';
      const closed = status === '已办结';
      const days = random.int(1, 8);
      const closedDay = Math.min(day + days, 28);
      const overdue = closed ? days > LIMIT_DAYS : 28 - day > LIMIT_DAYS;
      const rated = closed && random.chance(0.8);
      tickets.push({
        GDBH: `RX2026${pad(11)}${String(tickets.length + 1).padStart(7, '0')}`,
        LDRXM: resident.name,
        LDRDH: resident.phone,
        LDRBS: resident.personId,
        LDSJ: calledAt,
        SQLX: random.pick(KINDS),
        SQNR: random.pick(SUBJECTS),
        GDZT: status,
        BJBZ: closed ? 1 : 0,
        CBBM: random.pick(DEPARTMENTS),
        BJSJ: closed ? `2026-11-${pad(closedDay)} ${pad(random.int(8, 18))}:${pad(random.int(0, 59))}:00` : null,
        CQBZ: overdue ? 1 : 0,
        MYD: rated ? random.int(1, 5) : null,
        QXDM: resident.streetCode.slice(0, 6),
        JDDM: resident.streetCode,
        WGBM: resident.gridCode,
      });
    }
    const summaries = model.districts.map((district) => {
      const own = tickets.filter((t) => t.QXDM === district.code);
      const closed = own.filter((t) => t.BJBZ === 1);
      const rated = closed.filter((t) => t.MYD !== null);
      return {
        QXDM: district.code,
        TJRQ: STAT_DATE,
        GDZS: own.length,
        WBJS: own.length - closed.length,
        BJL: percent(closed.length, own.length),
        ASBJL: percent(closed.filter((t) => t.CQBZ === 0).length, closed.length),
        MYL: percent(rated.filter((t) => (t.MYD as number) >= 4).length, rated.length),
      };
    });
    return [
      {
        name: 'T_12345_GD',
        columns: {
          GDBH: 'TEXT', LDRXM: 'TEXT', LDRDH: 'TEXT', LDRBS: 'TEXT', LDSJ: 'TEXT', SQLX: 'TEXT', SQNR: 'TEXT', GDZT: 'TEXT', BJBZ: 'INTEGER',
          CBBM: 'TEXT', BJSJ: 'TEXT', CQBZ: 'INTEGER', MYD: 'INTEGER', QXDM: 'TEXT', JDDM: 'TEXT', WGBM: 'TEXT',
        },
        indexes: ['GDBH', 'LDRBS', 'QXDM', 'JDDM', 'WGBM'],
        rows: tickets,
      },
      {
        name: 'V_12345_QXTJ',
        columns: { QXDM: 'TEXT', TJRQ: 'TEXT', GDZS: 'INTEGER', WBJS: 'INTEGER', BJL: 'REAL', ASBJL: 'REAL', MYL: 'REAL' },
        indexes: ['QXDM'],
        rows: summaries,
      },
    ];
  },
};

export default spec;
