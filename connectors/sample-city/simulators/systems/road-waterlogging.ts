import { createRandom } from '../random.ts';
import type { CityModel } from '../city-model.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { legacyLocalTime, RAIN_EVENT_START, systemSeed } from '../system-seed.ts';

const ROADS = ['延安路下立交', '共和新路', '中山北路', '沪太路', '长寿路', '光复路', '武宁路桥下', '西藏北路', '天目中路', '大统路'];

/** A road waterlogging sensor (积水监测点) of the water authority. */
export interface WaterloggingPoint {
  sensorId: string;
  road: string;
  districtCode: string;
  streetCode: string;
  lat: number;
  lng: number;
  /** Depth above which the point is reported, cm. */
  thresholdCm: number;
  /** Depth at the first reading, cm. */
  baseDepthCm: number;
  /** Centimetres the water rises per reading (0 where the drains keep up). */
  risePerReadingCm: number;
}

/** Minutes between two readings of a sensor. */
export const WATERLOGGING_READING_MINUTES = 5;

/** Two sensors on every street; low-lying points (underpasses, old roads) fill up while it rains. */
export function waterloggingPointsOf(model: CityModel): WaterloggingPoint[] {
  const random = createRandom(systemSeed(model, 'road-waterlogging'));
  return model.streets.flatMap((street) =>
    [1, 2].map((n) => {
      const lowLying = random.chance(street.districtCode === '310106' ? 0.5 : 0.25);
      return {
        sensorId: `JS${street.code.slice(4)}${n}`,
        road: random.pick(ROADS),
        districtCode: street.districtCode,
        streetCode: street.code,
        lat: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        lng: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        thresholdCm: random.pick([15, 15, 20, 25]),
        baseDepthCm: lowLying ? random.int(8, 30) : random.int(0, 4),
        risePerReadingCm: lowLying ? random.int(2, 6) : 0,
      };
    }),
  );
}

/** The depth at a sensor at reading `tick` (0, 1, 2…), cm. */
export function waterloggingDepthAt(point: WaterloggingPoint, tick: number): number {
  return point.baseDepthCm + point.risePerReadingCm * tick;
}

/**
 * The legacy telemetry of the waterlogging sensors: each publishes on
 * `<topicRoot>/swj/js/<CGQBH>/data` a JSON payload (`JSSD` depth cm, `YJZ` threshold cm,
 * `CXBZ` over-threshold flag as "1"/"0", `CJSJ` local time); the sensor id is only in the topic.
 */
export function waterloggingSensorsOf(model: CityModel, topicRoot = 'city'): SimulatedSensor[] {
  return waterloggingPointsOf(model).map((point) => ({
    topic: `${topicRoot}/swj/js/${point.sensorId}/data`,
    reading(tick: number) {
      const depth = waterloggingDepthAt(point, tick);
      return {
        DLMC: point.road,
        QXDM: point.districtCode,
        JDDM: point.streetCode,
        WD: point.lat,
        JD: point.lng,
        JSSD: depth,
        YJZ: point.thresholdCm,
        CXBZ: depth > point.thresholdCm ? 1 : 0,
        CJSJ: legacyLocalTime(RAIN_EVENT_START + tick * WATERLOGGING_READING_MINUTES * 60_000),
      };
    },
  }));
}

/** The water authority's road waterlogging telemetry on the city's MQTT broker. */
const spec: SimulatorSpec = {
  id: 'road-waterlogging',
  kind: 'mqtt',
  sensors: (model: CityModel) => waterloggingSensorsOf(model),
};

export default spec;
