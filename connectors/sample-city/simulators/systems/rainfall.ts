import { createRandom } from '../random.ts';
import type { CityModel } from '../city-model.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { legacyLocalTime, RAIN_EVENT_START, systemSeed } from '../system-seed.ts';

/** A rain gauge of the meteorological bureau and its latest observation. */
export interface RainGauge {
  stationId: string;
  name: string;
  districtCode: string;
  streetCode: string;
  lat: number;
  lng: number;
  /** Rain in the last hour, mm. */
  hourlyMm: number;
  /** Rain since 08:00 the day before, mm. */
  last24hMm: number;
  observedAt: string;
}

/** A short-term (0–3 h) precipitation forecast for a district. */
export interface RainForecast {
  forecastId: string;
  districtCode: string;
  leadHours: number;
  validFrom: string;
  validTo: string;
  precipitationMm: number;
  /** Probability of precipitation, percent. */
  probability: number;
  /** 小雨, 中雨, 大雨, 暴雨, 大暴雨 by the hourly amount. */
  category: string;
}

/** The rain category of an hourly amount (China Meteorological Administration thresholds for 1 h). */
export function rainCategory(mm: number): string {
  if (mm >= 50) return '大暴雨';
  if (mm >= 16) return '暴雨';
  if (mm >= 8) return '大雨';
  if (mm >= 2.5) return '中雨';
  return '小雨';
}

/** How hard it rains over each district during the sample city's rain event, mm per hour. */
export function districtRainIntensity(model: CityModel): Map<string, number> {
  const random = createRandom(systemSeed(model, 'rainfall:intensity'));
  // Jing'an (310106) sits under the storm cell, so the flood-control scenario has work to do.
  return new Map(model.districts.map((d) => [d.code, d.code === '310106' ? 38 + random.int(0, 12) : random.int(1, 30)]));
}

/** The rain gauges (one per street) and their observation at the start of the rain event. */
export function rainGaugesOf(model: CityModel): RainGauge[] {
  const random = createRandom(systemSeed(model, 'rainfall'));
  const intensity = districtRainIntensity(model);
  return model.streets.map((street, index) => {
    const hourly = +(intensity.get(street.districtCode)! * (0.7 + random.next() * 0.6)).toFixed(1);
    return {
      stationId: `Y${street.code.slice(2)}`,
      name: `${street.name.replace('街道', '')}雨量站`,
      districtCode: street.districtCode,
      streetCode: street.code,
      lat: +(street.lat + (random.next() - 0.5) * 0.004).toFixed(6),
      lng: +(street.lng + (random.next() - 0.5) * 0.004).toFixed(6),
      hourlyMm: hourly,
      last24hMm: +(hourly * (1.5 + random.next() * 2)).toFixed(1),
      observedAt: legacyLocalTime(RAIN_EVENT_START + (index % 3) * 60_000),
    };
  });
}

/** Three hourly forecasts per district, from the start of the rain event. */
export function rainForecastsOf(model: CityModel): RainForecast[] {
  const random = createRandom(systemSeed(model, 'rainfall:forecast'));
  const intensity = districtRainIntensity(model);
  return model.districts.flatMap((district) =>
    [1, 2, 3].map((lead) => {
      // The cell weakens hour by hour.
      const mm = +(intensity.get(district.code)! * (1.1 - lead * 0.2) * (0.8 + random.next() * 0.4)).toFixed(1);
      return {
        forecastId: `F${district.code}-${lead}`,
        districtCode: district.code,
        leadHours: lead,
        validFrom: legacyLocalTime(RAIN_EVENT_START + (lead - 1) * 3_600_000),
        validTo: legacyLocalTime(RAIN_EVENT_START + lead * 3_600_000),
        precipitationMm: mm,
        probability: Math.min(99, Math.round(60 + mm)),
        category: rainCategory(mm),
      };
    }),
  );
}

/**
 * The meteorological bureau's open-data API: `{ status: "ok", result: { count, items } }`,
 * pages (`pn`, `ps`) of at most 200 items, abbreviated pinyin field names.
 */
const spec: SimulatorSpec = {
  id: 'rainfall',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => [
    {
      path: '/openapi/qx/yljc',
      rows: rainGaugesOf(model).map((g) => ({
        zh: g.stationId,
        zm: g.name,
        qxdm: g.districtCode,
        jddm: g.streetCode,
        wd: g.lat,
        jd: g.lng,
        xsyl: g.hourlyMm,
        rlj: g.last24hMm,
        gcsj: g.observedAt,
      })),
      filters: { zh: 'zh', qxdm: 'qxdm', jddm: 'jddm' },
      within: { param: 'xzqh', field: 'jddm' },
      pageParam: 'pn',
      sizeParam: 'ps',
      maxPageSize: 200,
      envelope: (rows, total) => ({ status: 'ok', result: { count: total, items: rows } }),
    },
    {
      path: '/openapi/qx/dlyb',
      rows: rainForecastsOf(model).map((f) => ({
        ybid: f.forecastId,
        qxdm: f.districtCode,
        ybsx: f.leadHours,
        kssj: f.validFrom,
        jssj: f.validTo,
        jsl: f.precipitationMm,
        gl: f.probability,
        yldj: f.category,
      })),
      filters: { ybid: 'ybid', qxdm: 'qxdm' },
      within: { param: 'xzqh', field: 'qxdm' },
      pageParam: 'pn',
      sizeParam: 'ps',
      maxPageSize: 200,
      envelope: (rows, total) => ({ status: 'ok', result: { count: total, items: rows } }),
    },
  ],
};

export default spec;
