import { createRandom } from './random.ts';
import type { SimulatedSensor } from './mqtt-simulator.ts';

/** Options of {@link waterLevelSensors}. */
export interface WaterLevelSensorsOptions {
  /** Seed of the stations and their readings. */
  readonly seed: number;
  /** Street codes the stations stand in, assigned round robin. */
  readonly streets: readonly string[];
  /** How many gauging stations. @default 8 */
  readonly stations?: number;
  /** Warning level every station reports (`JJSW`), in metres. @default 4.5 */
  readonly warningLevelM?: number;
  /** First topic level, so test runs on a shared broker do not see each other. @default 'city' */
  readonly topicRoot?: string;
}

/** The start of the simulated measurements, in the city's local time. */
const FIRST_MEASUREMENT = Date.UTC(2026, 6, 1, 8, 0, 0);
/** Minutes between two measurements of a station. */
const MEASUREMENT_MINUTES = 5;

/** `SW0001` for station index 0. */
export function waterLevelStationId(index: number): string {
  return `SW${String(index + 1).padStart(4, '0')}`;
}

/**
 * River gauging stations of the water authority's legacy telemetry: each publishes on
 * `<topicRoot>/water/level/<ZDBM>/reading` a payload with legacy names — `XZQH` street code, `SW`
 * water level (m), `JJSW` warning level (m), `CJSJ` local measurement time
 * (`YYYY-MM-DD HH:mm:ss`), `BJ` alarm flag (1 when `SW` exceeds `JJSW`). The station code
 * is only in the topic, as on the real devices.
 *
 * Deterministic: normal stations hover between 2.0 and 3.6 m; the first station and about a
 * quarter of the others are flood-prone and rise 1 m per tick, so from tick 3 on they are
 * over the warning level and raise the alarm.
 */
export function waterLevelSensors(options: WaterLevelSensorsOptions): SimulatedSensor[] {
  const count = options.stations ?? 8;
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`stations must be a positive integer, received ${count}`);
  if (options.streets.length === 0) throw new TypeError('streets must list at least one street code, received none');
  const warning = options.warningLevelM ?? 4.5;
  const root = options.topicRoot ?? 'city';
  if (root === '' || /[/+#]/.test(root)) throw new TypeError(`topicRoot must be one topic level without wildcards, received "${root}"`);
  const random = createRandom(options.seed);
  return Array.from({ length: count }, (_, index) => {
    const station = waterLevelStationId(index);
    const street = options.streets[index % options.streets.length]!;
    const base = 2.0 + random.next() * 1.5;
    const floodProne = index === 0 || random.chance(0.25);
    return {
      topic: `${root}/water/level/${station}/reading`,
      reading(tick: number) {
        const noise = (createRandom(options.seed * 7919 + index * 104_729 + tick).next() - 0.5) * 0.1;
        const level = Math.round((base + (floodProne ? tick : 0) + noise) * 100) / 100;
        const at = new Date(FIRST_MEASUREMENT + tick * MEASUREMENT_MINUTES * 60_000).toISOString();
        return { XZQH: street, SW: level, JJSW: warning, CJSJ: `${at.slice(0, 10)} ${at.slice(11, 19)}`, BJ: level > warning ? 1 : 0 };
      },
    };
  });
}
