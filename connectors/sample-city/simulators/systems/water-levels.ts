import { createRandom } from '../random.ts';
import type { CityModel } from '../city-model.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { legacyLocalTime, RAIN_EVENT_START, systemSeed } from '../system-seed.ts';

const RIVERS = ['苏州河', '黄浦江', '蕴藻浜', '淀浦河', '川杨河', '油墩港', '彭越浦', '真如港'];

/** A river gauging station of the water authority. */
export interface RiverStation {
  stationId: string;
  river: string;
  districtCode: string;
  streetCode: string;
  lat: number;
  lng: number;
  /** Warning level (警戒水位), m. */
  warningLevelM: number;
  /** Guaranteed level (保证水位), m: above it the embankment is at risk. */
  guaranteedLevelM: number;
  /** Level before the rain, m. */
  baseLevelM: number;
  /** Metres the level rises per reading while it rains (0 for stations that do not rise). */
  risePerReadingM: number;
}

/** Minutes between two readings of a station. */
export const WATER_LEVEL_READING_MINUTES = 5;

/**
 * The gauging stations: one on every other street. The first station of Jing'an and about a
 * third of the others rise while it rains; the rest hold steady.
 */
export function riverStationsOf(model: CityModel): RiverStation[] {
  const random = createRandom(systemSeed(model, 'water-levels'));
  const stations: RiverStation[] = [];
  for (const district of model.districts) {
    const streets = model.streets.filter((s) => s.districtCode === district.code);
    streets.forEach((street, index) => {
      if (index % 2 !== 0) return;
      const warning = +(4 + random.next()).toFixed(2);
      const rising = (district.code === '310106' && index === 0) || random.chance(0.33);
      stations.push({
        stationId: `SW${street.code.slice(4)}`,
        river: random.pick(RIVERS),
        districtCode: district.code,
        streetCode: street.code,
        lat: +(street.lat + (random.next() - 0.5) * 0.006).toFixed(6),
        lng: +(street.lng + (random.next() - 0.5) * 0.006).toFixed(6),
        warningLevelM: warning,
        guaranteedLevelM: +(warning + 0.8).toFixed(2),
        baseLevelM: +(warning - 1.2 + random.next()).toFixed(2),
        risePerReadingM: rising ? +(0.3 + random.next() * 0.3).toFixed(2) : 0,
      });
    });
  }
  return stations;
}

/** The level of a station at reading `tick` (0, 1, 2…), m. */
export function riverLevelAt(station: RiverStation, tick: number): number {
  return Math.round((station.baseLevelM + station.risePerReadingM * tick) * 100) / 100;
}

/**
 * The legacy telemetry of the gauging stations: each publishes on
 * `<topicRoot>/swj/sw/<ZDBM>/ss` a JSON payload with pinyin-initial names (`SW` level,
 * `JJSW` warning level, `BZSW` guaranteed level, `CJSJ` local time, `BJ` alarm flag).
 */
export function waterLevelSensorsOf(model: CityModel, topicRoot = 'city'): SimulatedSensor[] {
  return riverStationsOf(model).map((station) => ({
    topic: `${topicRoot}/swj/sw/${station.stationId}/ss`,
    reading(tick: number) {
      const level = riverLevelAt(station, tick);
      return {
        HDMC: station.river,
        QXDM: station.districtCode,
        JDDM: station.streetCode,
        WD: station.lat,
        JD: station.lng,
        SW: level,
        JJSW: station.warningLevelM,
        BZSW: station.guaranteedLevelM,
        CJSJ: legacyLocalTime(RAIN_EVENT_START + tick * WATER_LEVEL_READING_MINUTES * 60_000),
        BJ: level > station.warningLevelM ? 1 : 0,
      };
    },
  }));
}

/** The water authority's river gauging telemetry on the city's MQTT broker. */
const spec: SimulatorSpec = {
  id: 'water-levels',
  kind: 'mqtt',
  sensors: (model: CityModel) => waterLevelSensorsOf(model),
};

export default spec;
