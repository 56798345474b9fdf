import { DUST_PM10_ALARM, MUCK_TRAFFIC_DAY, muckTrafficOf } from '../muck-traffic.ts';
import { seedOf } from '../seed-of.ts';
import type { CityModel } from '../city-model.ts';
import { createRandom } from '../random.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** Minutes between two readings of a dust monitor. */
export const DUST_READING_MINUTES = 10;

/**
 * The dust monitors of the construction sites: one per site on
 * `city/env/dust/<JCDBH>/realtime`, legacy payload names (`PM10`, `PM25`, `ZS` noise dB, `FS`
 * wind m/s, `CJSJ` local time, `CBBJ` 1 when PM10 is over the 150 µg/m³ limit). The monitor
 * code is only in the topic. Dusty sites (about a third) hover over the limit.
 */
export function dustSensors(model: CityModel): SimulatedSensor[] {
  return muckTrafficOf(model).dustMonitors.map((monitor, index) => ({
    topic: `city/env/dust/${monitor.monitorId}/realtime`,
    reading(tick: number) {
      const random = createRandom(seedOf(`dust-monitors:${index}:${tick}`, model.seed));
      const pm10 = Math.round((monitor.basePm10 + (random.next() - 0.5) * 20) * 10) / 10;
      const minutes = 8 * 60 + tick * DUST_READING_MINUTES;
      const at = `${MUCK_TRAFFIC_DAY} ${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
      return {
        GDBH: monitor.siteId,
        QXDM: monitor.districtCode,
        JDDM: monitor.streetCode,
        PM10: pm10,
        PM25: Math.round(pm10 * 0.45 * 10) / 10,
        ZS: Math.round((55 + random.next() * 20) * 10) / 10,
        FS: Math.round(random.next() * 60) / 10,
        CJSJ: at,
        CBBJ: pm10 > DUST_PM10_ALARM ? 1 : 0,
      };
    },
  }));
}

/** The ecology bureau's site dust telemetry. */
const spec: SimulatorSpec = { id: 'dust-monitors', kind: 'mqtt', sensors: dustSensors };

export default spec;
