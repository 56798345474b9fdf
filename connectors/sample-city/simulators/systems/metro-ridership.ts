import { MUCK_TRAFFIC_DAY } from '../muck-traffic.ts';
import { seedOf } from '../seed-of.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** Columns of the AFC hourly export. */
export const STATION_FLOW_COLUMNS = ['REC_ID', 'STATION_ID', 'STATION_NAME', 'LINE_NO', 'DIST_CODE', 'STREET_CODE', 'STAT_DATE', 'STAT_HOUR', 'IN_CNT', 'OUT_CNT'];
/** Service hours of the metro. */
const HOURS = Array.from({ length: 19 }, (_, i) => 5 + i);

/**
 * The metro operator's AFC drop: one UTF-8 file, upper-case English headers, one row per
 * station and service hour of the business day. A station in every other street; morning
 * peaks enter, evening peaks leave.
 */
const spec: SimulatorSpec = {
  id: 'metro-ridership',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(seedOf('metro-ridership', model.seed));
    const rows = model.streets
      .filter((_, index) => index % 2 === 0)
      .flatMap((street, index) => {
        const stationId = `ST${String(index + 1).padStart(4, '0')}`;
        const line = `${random.int(1, 18)}号线`;
        const size = 200 + random.next() * 1800;
        return HOURS.map((hour) => {
          const morning = hour >= 7 && hour <= 9 ? 3 : 1;
          const evening = hour >= 17 && hour <= 19 ? 3 : 1;
          return {
            REC_ID: `${stationId}-${MUCK_TRAFFIC_DAY.replaceAll('-', '')}${String(hour).padStart(2, '0')}`,
            STATION_ID: stationId,
            STATION_NAME: `${street.name.replace('街道', '')}站`,
            LINE_NO: line,
            DIST_CODE: street.districtCode,
            STREET_CODE: street.code,
            STAT_DATE: MUCK_TRAFFIC_DAY,
            STAT_HOUR: hour,
            IN_CNT: Math.round(size * morning * (0.8 + random.next() * 0.4)),
            OUT_CNT: Math.round(size * evening * (0.8 + random.next() * 0.4)),
          };
        });
      });
    return [{ name: 'AFC_STATION_FLOW_HOUR.csv', columns: STATION_FLOW_COLUMNS, rows }];
  },
};

export default spec;
