import type { CityModel } from '../city-model.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The first simulated hour, 2026-11-28 08:00 in the city's local time (stored as UTC wall time). */
const FIRST_HOUR = Date.UTC(2026, 10, 28, 8, 0, 0);

/** The AQI grade of HJ 633-2012. */
export function aqiGrade(aqi: number): string {
  if (aqi <= 50) return '优';
  if (aqi <= 100) return '良';
  if (aqi <= 150) return '轻度污染';
  if (aqi <= 200) return '中度污染';
  if (aqi <= 300) return '重度污染';
  return '严重污染';
}

const localHour = (tick: number) => new Date(FIRST_HOUR + tick * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

interface Station {
  readonly id: string;
  readonly name: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly lng: number;
  readonly lat: number;
  aqi(tick: number): number;
}

/**
 * The stations of the city: one for every three streets of a district (at least one). A
 * station's AQI wanders around its district's level; the first station of the first district
 * downwind of the steelworks (宝山) climbs 35 a hour, so it turns heavily polluted after a few
 * ticks and raises the alarm.
 */
export function airQualityStations(model: CityModel): Station[] {
  const random = createRandom(model.seed ^ 0xa1a1a1);
  const stations: Station[] = [];
  for (const district of model.districts) {
    const streets = model.streets.filter((s) => s.districtCode === district.code);
    const level = 35 + random.next() * 70;
    for (let n = 0; n < Math.max(1, Math.ceil(streets.length / 3)); n += 1) {
      const street = streets[(n * 3) % streets.length]!;
      const base = level + (random.next() - 0.5) * 30;
      const climbing = district.code === '310113' && n === 0;
      const id = `AQ${district.code}${String(n + 1).padStart(2, '0')}`;
      const index = stations.length;
      stations.push({
        id,
        name: `${street.name.replace('街道', '')}监测站`,
        districtCode: district.code,
        streetCode: street.code,
        lng: street.lng,
        lat: street.lat,
        aqi: (tick) => {
          const noise = (createRandom((model.seed ^ 0xa1a1a1) + index * 7_919 + tick * 104_729).next() - 0.5) * 16;
          return Math.max(5, Math.round(base + noise + (climbing ? tick * 35 : 0)));
        },
      });
    }
  }
  return stations;
}

/** The district AQI the platform publishes: the rounded mean of its stations' AQI at the same tick. */
export function districtAqi(stations: readonly Station[], districtCode: string, tick: number): number {
  const own = stations.filter((s) => s.districtCode === districtCode);
  return Math.round(own.reduce((sum, s) => sum + s.aqi(tick), 0) / own.length);
}

/** Stations publish `city/env/air/<ZDBH>/realtime`; the platform publishes `city/env/air/district/<QXDM>/hourly`. */
const spec: SimulatorSpec = {
  id: 'air-quality',
  kind: 'mqtt',
  sensors: (model): SimulatedSensor[] => {
    const stations = airQualityStations(model);
    const stationSensors = stations.map((station) => ({
      topic: `city/env/air/${station.id}/realtime`,
      reading(tick: number) {
        const aqi = station.aqi(tick);
        const pm25 = Math.round(aqi * 0.68 * 10) / 10;
        return {
          ZDMC: station.name,
          QXDM: station.districtCode,
          JDDM: station.streetCode,
          JD: station.lng,
          WD: station.lat,
          AQI: aqi,
          KQZLDJ: aqiGrade(aqi),
          SYWRW: aqi > 50 ? 'PM2.5' : null,
          PM25: pm25,
          PM10: Math.round(pm25 * 1.45 * 10) / 10,
          O3: Math.round((60 + (aqi % 37)) * 10) / 10,
          NO2: Math.round((20 + (aqi % 23)) * 10) / 10,
          JCSJ: localHour(tick),
        };
      },
    }));
    const districtSensors = model.districts.map((district) => ({
      topic: `city/env/air/district/${district.code}/hourly`,
      reading(tick: number) {
        const aqi = districtAqi(stations, district.code, tick);
        return { AQI: aqi, KQZLDJ: aqiGrade(aqi), ZDS: stations.filter((s) => s.districtCode === district.code).length, JCSJ: localHour(tick) };
      },
    }));
    return [...stationSensors, ...districtSensors];
  },
};

export default spec;
