import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

const KINDS = [
  ['低保', 1_510],
  ['特困供养', 2_265],
  ['临时救助', 800],
  ['医疗救助', 1_200],
] as const;

/**
 * Civil affairs' assistance database: one legacy case table. About 3% of residents and 12%
 * of registered elders receive aid; elders' cases are handled by their assigned worker.
 */
const spec: SimulatorSpec = {
  id: 'social-assistance',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const random = createRandom(seedOf('social-assistance', model.seed));
    const elderly = new Map(model.elderly.map((e) => [e.personId, e]));
    const workersOf = new Map<string, string[]>();
    for (const w of model.workers) workersOf.set(w.communityCode, [...(workersOf.get(w.communityCode) ?? []), w.workerId]);
    const rows: Record<string, unknown>[] = [];
    for (const r of model.residents) {
      const elder = elderly.get(r.personId);
      if (!random.chance(elder ? 0.12 : 0.03)) continue;
      const [kind, base] = elder && random.chance(0.4) ? KINDS[1] : random.pick(KINDS);
      const roll = random.next();
      const status = roll < 0.8 ? '在保' : roll < 0.9 ? '审核中' : '已停保';
      const year = random.int(2016, 2026);
      const applied = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
      rows.push({
        AJBH: `JZ${r.communityCode}${String(rows.length + 1).padStart(6, '0')}`,
        RYBS: r.personId,
        JZLX: kind,
        YJZJE: status === '审核中' ? 0 : Math.round(base * (0.6 + random.next() * 0.8)),
        JTRKS: elder?.livesAlone ? 1 : random.int(1, 5),
        AJZT: status,
        SQRQ: applied,
        SPSJ: status === '审核中' ? null : `${applied} ${String(random.int(9, 17)).padStart(2, '0')}:30:00`,
        JBRY: elder?.assignedWorkerId ?? random.pick(workersOf.get(r.communityCode)!),
        JDDM: r.streetCode,
        SQDM: r.communityCode,
        WGBM: r.gridCode,
      });
    }
    return [
      {
        name: 'T_MZ_SHJZ_AJXX',
        columns: {
          AJBH: 'TEXT', RYBS: 'TEXT', JZLX: 'TEXT', YJZJE: 'REAL', JTRKS: 'INTEGER', AJZT: 'TEXT', SQRQ: 'TEXT', SPSJ: 'TEXT',
          JBRY: 'TEXT', JDDM: 'TEXT', SQDM: 'TEXT', WGBM: 'TEXT',
        },
        indexes: ['AJBH', 'RYBS', 'JDDM', 'SQDM', 'WGBM'],
        rows,
      },
    ];
  },
};

export default spec;
