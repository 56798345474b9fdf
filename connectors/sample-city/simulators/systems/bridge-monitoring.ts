import { createRandom } from '../random.ts';
import type { CityModel } from '../city-model.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { legacyLocalTime, RAIN_EVENT_START, systemSeed } from '../system-seed.ts';

/** A structural-health sensor on a bridge or tunnel of the road administration. */
export interface StructurePoint {
  sensorId: string;
  structureId: string;
  structureName: string;
  /** 桥梁 or 隧道. */
  structureKind: string;
  districtCode: string;
  streetCode: string;
  lat: number;
  lng: number;
  baseDisplacementMm: number;
  /** Millimetres of displacement added per reading (a structure under stress). */
  driftPerReadingMm: number;
}

/** Displacement above which a sensor raises the alarm, mm. */
export const DISPLACEMENT_ALARM_MM = 20;
/** Tilt above which a sensor raises the alarm, degrees. */
export const TILT_ALARM_DEG = 0.5;

/** One structure on every third street, three sensors each; the first structure of Jing'an is under stress. */
export function structurePointsOf(model: CityModel): StructurePoint[] {
  const random = createRandom(systemSeed(model, 'bridge-monitoring'));
  return model.streets
    .filter((_, index) => index % 3 === 1)
    .flatMap((street, index) => {
      const kind = random.chance(0.7) ? '桥梁' : '隧道';
      const structureId = `${kind === '桥梁' ? 'QL' : 'SD'}${street.code.slice(4)}`;
      const name = `${street.name.replace('街道', '')}${kind === '桥梁' ? '立交桥' : '下穿隧道'}`;
      const stressed = street.districtCode === '310106' && model.streets.filter((s, i) => i % 3 === 1 && s.districtCode === '310106')[0] === street;
      return [1, 2, 3].map((n) => ({
        sensorId: `${structureId}-${n}`,
        structureId,
        structureName: name,
        structureKind: kind,
        districtCode: street.districtCode,
        streetCode: street.code,
        lat: +(street.lat + (random.next() - 0.5) * 0.004).toFixed(6),
        lng: +(street.lng + (random.next() - 0.5) * 0.004).toFixed(6),
        baseDisplacementMm: +(2 + random.next() * 8).toFixed(1),
        driftPerReadingMm: stressed && n === 1 ? 4 : index % 7 === 0 ? 0.5 : 0,
      }));
    });
}

/** Displacement of a sensor at reading `tick`, mm. */
export function displacementAt(point: StructurePoint, tick: number): number {
  return Math.round((point.baseDisplacementMm + point.driftPerReadingMm * tick) * 10) / 10;
}

/**
 * The road administration's structural telemetry: `<topicRoot>/lzj/jgjc/<CDBH>` with
 * `WY` displacement mm, `QJ` tilt degrees, `YB` strain µε, `CJSJ` local time. No alarm flag:
 * the hub raises the alarm from the thresholds.
 */
export function structureSensorsOf(model: CityModel, topicRoot = 'city'): SimulatedSensor[] {
  return structurePointsOf(model).map((point, index) => ({
    topic: `${topicRoot}/lzj/jgjc/${point.sensorId}`,
    reading(tick: number) {
      const noise = createRandom(index * 7_919 + tick).next();
      return {
        JGBH: point.structureId,
        JGMC: point.structureName,
        JGLX: point.structureKind,
        QXDM: point.districtCode,
        JDDM: point.streetCode,
        WD: point.lat,
        JD: point.lng,
        WY: displacementAt(point, tick),
        QJ: +(0.05 + noise * 0.2).toFixed(3),
        YB: Math.round(80 + noise * 120),
        CJSJ: legacyLocalTime(RAIN_EVENT_START + tick * 60_000),
      };
    },
  }));
}

/** The road administration's structural health monitoring on the city's MQTT broker. */
const spec: SimulatorSpec = {
  id: 'bridge-monitoring',
  kind: 'mqtt',
  sensors: (model: CityModel) => structureSensorsOf(model),
};

export default spec;
