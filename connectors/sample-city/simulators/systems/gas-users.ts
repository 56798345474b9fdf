import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The gas company's customer table `RQ_YHDA`: about one account for every three residents (the
 * holder of the household), most on piped gas, with the latest home inspection's result.
 */
const spec: SimulatorSpec = {
  id: 'gas-users',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const random = createRandom(model.seed ^ 0x6a5);
    const rows = model.residents
      .filter(() => random.chance(1 / 3))
      .map((resident, index) => {
        const inspected = random.chance(0.9);
        const roll = random.next();
        return {
          YHBH: `RQ${String(index + 1).padStart(9, '0')}`,
          HZBS: resident.personId,
          HZXM: resident.name,
          LXDH: resident.phone,
          YQDZ: resident.address,
          BJH: `M${String(random.int(10_000_000, 99_999_999))}`,
          QZ: random.chance(0.92) ? '管道天然气' : '液化石油气',
          SCAJRQ: inspected ? `20${pad(random.int(24, 26))}-${pad(random.int(1, 10))}-${pad(random.int(1, 28))}` : null,
          AJJG: roll < 0.88 ? '合格' : roll < 0.98 ? '存在隐患' : '已停气',
          BJQBZ: random.chance(0.55) ? 1 : 0,
          YJYQL: Math.round((8 + random.next() * 30) * 10) / 10,
          JDDM: resident.streetCode,
          SQDM: resident.communityCode,
          WGBM: resident.gridCode,
        };
      });
    return [
      {
        name: 'RQ_YHDA',
        columns: {
          YHBH: 'TEXT', HZBS: 'TEXT', HZXM: 'TEXT', LXDH: 'TEXT', YQDZ: 'TEXT', BJH: 'TEXT', QZ: 'TEXT', SCAJRQ: 'TEXT', AJJG: 'TEXT', BJQBZ: 'INTEGER',
          YJYQL: 'REAL', JDDM: 'TEXT', SQDM: 'TEXT', WGBM: 'TEXT',
        },
        indexes: ['YHBH', 'HZBS', 'JDDM', 'SQDM', 'WGBM'],
        rows,
      },
    ];
  },
};

export default spec;
