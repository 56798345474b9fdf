import { createRandom } from '../random.ts';
import type { CityModel } from '../city-model.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { legacyLocalTime, RAIN_EVENT_START, systemSeed } from '../system-seed.ts';
import { rainForecastsOf } from './rainfall.ts';

/** A weather warning signal (气象预警信号) in force for a district. */
export interface WeatherWarningSignal {
  warningId: string;
  districtCode: string;
  /** 暴雨, 大风, 雷电… */
  hazard: string;
  /** 蓝色, 黄色, 橙色, 红色. */
  level: string;
  issuedAt: string;
  expiresAt: string;
  text: string;
}

/** The level of a rainstorm warning for the heaviest forecast hour, or `null` below the blue line. */
export function rainstormLevel(maxHourlyMm: number): string | null {
  if (maxHourlyMm >= 50) return '红色';
  if (maxHourlyMm >= 35) return '橙色';
  if (maxHourlyMm >= 20) return '黄色';
  if (maxHourlyMm >= 10) return '蓝色';
  return null;
}

/**
 * The warnings in force at the start of the rain event: a rainstorm warning wherever the
 * short-term forecast calls for it (so the two meteorological systems agree), and a thunder
 * or gale warning in some districts.
 */
export function weatherWarningsOf(model: CityModel): WeatherWarningSignal[] {
  const random = createRandom(systemSeed(model, 'weather-warnings'));
  const maxByDistrict = new Map<string, number>();
  for (const f of rainForecastsOf(model)) maxByDistrict.set(f.districtCode, Math.max(maxByDistrict.get(f.districtCode) ?? 0, f.precipitationMm));
  const warnings: WeatherWarningSignal[] = [];
  for (const district of model.districts) {
    const issued = RAIN_EVENT_START - random.int(10, 90) * 60_000;
    const level = rainstormLevel(maxByDistrict.get(district.code) ?? 0);
    if (level) {
      warnings.push({
        warningId: `YJ${district.code}-BY`,
        districtCode: district.code,
        hazard: '暴雨',
        level,
        issuedAt: legacyLocalTime(issued),
        expiresAt: legacyLocalTime(issued + 6 * 3_600_000),
        text: `${district.nameZh}气象台发布暴雨${level}预警信号，预计未来3小时降雨量将达${Math.round(maxByDistrict.get(district.code)!)}毫米以上。`,
      });
    }
    if (random.chance(0.3)) {
      const hazard = random.pick(['雷电', '大风']);
      const windLevel = random.pick(['蓝色', '黄色']);
      warnings.push({
        warningId: `YJ${district.code}-${hazard === '雷电' ? 'LD' : 'DF'}`,
        districtCode: district.code,
        hazard,
        level: windLevel,
        issuedAt: legacyLocalTime(issued),
        expiresAt: legacyLocalTime(issued + 3 * 3_600_000),
        text: `${district.nameZh}气象台发布${hazard}${windLevel}预警信号。`,
      });
    }
  }
  return warnings;
}

/** The SOAP namespace of the bureau's warning service. */
export const WEATHER_WARNINGS_NS = 'http://qx.example.gov.cn/yjxh';

/** The meteorological bureau's warning-signal web service (SOAP 1.1, document/literal). */
const spec: SimulatorSpec = {
  id: 'weather-warnings',
  kind: 'soap',
  service: (model) => ({
    service: 'YjxhService',
    namespace: WEATHER_WARNINGS_NS,
    operations: [
      {
        operation: 'GetYjxh',
        soapAction: `${WEATHER_WARNINGS_NS}/GetYjxh`,
        requestElement: 'GetYjxhRequest',
        responseElement: 'GetYjxhResponse',
        resultElement: 'return',
        rowElement: 'yjxh',
        rows: weatherWarningsOf(model).map((w) => ({
          xhbh: w.warningId,
          qxdm: w.districtCode,
          zhlx: w.hazard,
          yjjb: w.level,
          fbsj: w.issuedAt,
          jcsj: w.expiresAt,
          yjnr: w.text,
        })),
        filters: { xhbh: 'xhbh', qxdm: 'qxdm', zhlx: 'zhlx' },
        within: { element: 'xzqhdm', field: 'qxdm' },
      },
    ],
  }),
};

export default spec;
