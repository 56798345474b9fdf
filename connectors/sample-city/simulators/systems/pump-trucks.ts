import { createRandom } from '../random.ts';
import type { CityModel } from '../city-model.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { distanceKm, legacyLocalTime, RAIN_EVENT_START, systemSeed } from '../system-seed.ts';
import { waterloggingPointsOf } from './road-waterlogging.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const GIVEN = ['建国', '志强', '卫东', '海涛', '国庆', '永明', '立新', '春生'];

/** A flood-control pump truck of the water authority: a model vehicle of kind `pump-truck`, with its GPS position. */
export interface PumpTruckState {
  plate: string;
  districtCode: string;
  /** The street the truck is in now. */
  streetCode: string;
  lat: number;
  lng: number;
  /** 待命 (standing by), 作业中 (pumping), 转场 (moving). */
  status: string;
  /** Pumping capacity, m³/h. */
  capacityM3h: number;
  crewLeader: string;
  crewPhone: string;
  reportedAt: string;
}

/** A dispatch recommendation: one of the trucks nearest a waterlogging sensor. */
export interface PumpTruckRecommendationRow {
  recommendationId: string;
  sensorId: string;
  sensorStreetCode: string;
  rank: number;
  plate: string;
  distanceKm: number;
  etaMinutes: number;
}

/** How many trucks the dispatch system recommends per waterlogging sensor. */
export const RECOMMENDED_TRUCKS = 3;
/** Average speed of a pump truck through rain-hit traffic, km/h. */
const TRUCK_SPEED_KMH = 25;

/** The pump trucks of the city model with their positions at the start of the rain event. */
export function pumpTrucksOf(model: CityModel): PumpTruckState[] {
  const random = createRandom(systemSeed(model, 'pump-trucks'));
  const streetsOf = new Map<string, CityModel['streets'][number][]>();
  for (const street of model.streets) streetsOf.set(street.districtCode, [...(streetsOf.get(street.districtCode) ?? []), street]);
  return model.vehicles
    .filter((vehicle) => vehicle.kind === 'pump-truck')
    .map((vehicle) => {
      const street = random.pick(streetsOf.get(vehicle.districtCode)!);
      return {
        plate: vehicle.plate,
        districtCode: vehicle.districtCode,
        streetCode: street.code,
        lat: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        lng: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        status: random.pick(['待命', '待命', '待命', '作业中', '转场']),
        capacityM3h: random.pick([300, 500, 1000, 3000]),
        crewLeader: random.pick(SURNAMES) + random.pick(GIVEN),
        crewPhone: `139${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
        reportedAt: legacyLocalTime(RAIN_EVENT_START - random.int(0, 120) * 1_000),
      };
    });
}

/**
 * The dispatch system's recommendations: for every waterlogging sensor, the
 * {@link RECOMMENDED_TRUCKS} pump trucks nearest to it (great-circle distance, ties by
 * plate), with an ETA. The legacy dispatch system computes these from its GIS; the hub stays
 * generic and reads them like any other rows.
 */
export function pumpTruckRecommendationsOf(model: CityModel): PumpTruckRecommendationRow[] {
  const trucks = pumpTrucksOf(model);
  return waterloggingPointsOf(model).flatMap((point) =>
    trucks
      .map((truck) => ({ truck, km: distanceKm(point, truck) }))
      .sort((a, b) => a.km - b.km || a.truck.plate.localeCompare(b.truck.plate))
      .slice(0, RECOMMENDED_TRUCKS)
      .map(({ truck, km }, index) => ({
        recommendationId: `${point.sensorId}-${index + 1}`,
        sensorId: point.sensorId,
        sensorStreetCode: point.streetCode,
        rank: index + 1,
        plate: truck.plate,
        distanceKm: +km.toFixed(2),
        etaMinutes: Math.ceil((km / TRUCK_SPEED_KMH) * 60) + 5,
      })),
  );
}

const envelope = (rows: ReadonlyArray<Readonly<Record<string, unknown>>>, total: number, page: number) => ({
  resultCode: '0000',
  resultMsg: 'success',
  data: { pageIndex: page, totalCount: total, list: rows },
});

/**
 * The water authority's pump-truck dispatch API: vehicle positions from the trucks' GPS, and
 * the nearest-truck recommendation per waterlogging point (`/fxbc/tj?cgqbh=…`).
 */
const spec: SimulatorSpec = {
  id: 'pump-trucks',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => [
    {
      path: '/fxbc/cl',
      rows: pumpTrucksOf(model).map((t) => ({
        cphm: t.plate,
        ssqx: t.districtCode,
        dqjd: t.streetCode,
        gps_wd: t.lat,
        gps_jd: t.lng,
        zt: t.status,
        psl: t.capacityM3h,
        dz_xm: t.crewLeader,
        dz_dh: t.crewPhone,
        sbsj: t.reportedAt,
      })),
      filters: { cphm: 'cphm', ssqx: 'ssqx', dqjd: 'dqjd', zt: 'zt' },
      within: { param: 'qhdm', field: 'ssqx' },
      pageParam: 'pageIndex',
      sizeParam: 'pageSize',
      maxPageSize: 100,
      envelope,
    },
    {
      path: '/fxbc/tj',
      rows: pumpTruckRecommendationsOf(model).map((r) => ({
        tjid: r.recommendationId,
        cgqbh: r.sensorId,
        cgq_jd: r.sensorStreetCode,
        xh: r.rank,
        cphm: r.plate,
        jl: r.distanceKm,
        yjsj: r.etaMinutes,
      })),
      filters: { tjid: 'tjid', cgqbh: 'cgqbh', cphm: 'cphm' },
      within: { param: 'qhdm', field: 'cgq_jd' },
      pageParam: 'pageIndex',
      sizeParam: 'pageSize',
      maxPageSize: 500,
      envelope,
    },
  ],
};

export default spec;
