import type { SimulatedSensor } from '../mqtt-simulator.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** Daytime limits of the functional zones 1 to 4 (GB 3096-2008), dB(A). */
const DAY_LIMITS = [55, 60, 65, 70] as const;
const FIRST_READING = Date.UTC(2026, 10, 28, 8, 0, 0);

/**
 * One monitor per street on `city/env/noise/<JCDBH>/leq`: a 5-minute Leq around its zone's
 * limit (some streets sit above it), with the exceedance flag `CBBZ` the device computes.
 */
const spec: SimulatorSpec = {
  id: 'noise-monitors',
  kind: 'mqtt',
  sensors: (model): SimulatedSensor[] => {
    const random = createRandom(model.seed ^ 0x0015e);
    return model.streets.map((street, index) => {
      const zone = random.int(1, 4);
      const limit = DAY_LIMITS[zone - 1]!;
      const base = limit - 9 + random.next() * 12;
      return {
        topic: `city/env/noise/ZS${street.code}/leq`,
        reading(tick: number) {
          const noise = (createRandom((model.seed ^ 0x0015e) + index * 7_919 + tick * 104_729).next() - 0.5) * 6;
          const leq = Math.round((base + noise) * 10) / 10;
          return {
            QXDM: street.districtCode,
            JDDM: street.code,
            JD: street.lng,
            WD: street.lat,
            GNQLB: zone,
            LEQ: leq,
            XZZ: limit,
            CBBZ: leq > limit ? 1 : 0,
            JCSJ: new Date(FIRST_READING + tick * 300_000).toISOString().slice(0, 19).replace('T', ' '),
          };
        },
      };
    });
  },
};

export default spec;
