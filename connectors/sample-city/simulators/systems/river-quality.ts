import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { systemSeed } from '../system-seed.ts';
import { riverStationsOf } from './water-levels.ts';

const GRADES = ['I', 'II', 'III', 'IV', 'V', '劣V'];
const SAMPLE_DATES = ['2026-04-15 09:30:00', '2026-05-15 09:30:00', '2026-06-15 09:30:00'];

/** The water authority's monthly river-quality export: UTF-8, Chinese headers, three samples at every gauging station. */
const spec: SimulatorSpec = {
  id: 'river-quality',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(systemSeed(model, 'river-quality'));
    const rows = riverStationsOf(model).flatMap((station) =>
      SAMPLE_DATES.map((date, index) => {
        const grade = random.int(1, 5);
        return {
          样品编号: `SZ${station.stationId.slice(2)}-${index + 1}`,
          站点编号: station.stationId,
          河道名称: station.river,
          所属街道: station.streetCode,
          采样时间: date,
          水质类别: GRADES[grade]!,
          溶解氧: +(7.5 - grade + random.next()).toFixed(2),
          氨氮: +(0.15 * grade + random.next() * 0.3).toFixed(2),
          化学需氧量: +(10 + grade * 4 + random.next() * 5).toFixed(1),
          PH值: +(6.8 + random.next() * 1.2).toFixed(2),
        };
      }),
    );
    return [{ name: '河道水质月报.csv', columns: Object.keys(rows[0]!), rows }];
  },
};

export default spec;
