import type { CityModel, ConstructionSite, Vehicle } from './city-model.ts';
import { createRandom, type Random } from './random.ts';
import { seedOf } from './seed-of.ts';
import { groupBy } from './group-by.ts';

/**
 * The muck-truck traffic of the sample city (渣土车): transport permits for the construction
 * sites, the trucks registered on them, the day's QR-scanned trip manifests, the traffic
 * police's checkpoints and the passages they record, the violations that follow, and the
 * dust monitors at the sites. Several departments' simulators are seeded from it, so the
 * truck in the permit system is the truck at the checkpoint (same plate), and a passage that
 * strays from a trip's approved route is the one the violation points at.
 *
 * Deterministic: derived from the city model with a seed of its own, so adding it changed
 * nothing the model generates. Volumes follow the model (sites, streets, trucks), never a
 * fixed count.
 */
export interface MuckTraffic {
  /** The simulated business day ("today" of the manifests and the checkpoints), `YYYY-MM-DD`. */
  readonly day: string;
  readonly checkpoints: readonly Checkpoint[];
  readonly permits: readonly MuckPermitRecord[];
  readonly trucks: readonly MuckTruckRecord[];
  readonly trips: readonly MuckTripRecord[];
  readonly passages: readonly PassageRecord[];
  readonly violations: readonly ViolationRecord[];
  readonly dustMonitors: readonly DustMonitorRecord[];
}

/** A traffic-police checkpoint (卡口) at a junction of a street. */
export interface Checkpoint { checkpointId: string; name: string; districtCode: string; streetCode: string; lng: number; lat: number; lanes: number }

/** A muck transport permit (渣土运输许可证) of one site and one transport firm. */
export interface MuckPermitRecord {
  permitNo: string;
  siteId: string;
  builderCreditCode: string;
  carrierCreditCode: string;
  districtCode: string;
  streetCode: string;
  validFrom: string;
  validUntil: string;
  approvedVolumeM3: number;
  disposalSite: string;
  /** The approved route: checkpoint ids in order. */
  route: readonly string[];
}

/** A muck truck registered with city appearance (every muck-truck vehicle of the model). */
export interface MuckTruckRecord {
  plate: string;
  carrierCreditCode: string;
  districtCode: string;
  /** The permit the truck runs on today, or `null` when it has none. */
  permitNo: string | null;
  capacityM3: number;
  sealedBody: boolean;
  terminalId: string;
  driverPersonId: string;
  driverName: string;
  driverPhone: string;
  registeredAt: string;
}

/** One QR-scanned trip manifest (电子联单) of the day. */
export interface MuckTripRecord {
  manifestNo: string;
  plate: string;
  permitNo: string;
  siteId: string;
  districtCode: string;
  streetCode: string;
  departedAt: string;
  /** Scanned at the disposal site, or `null` while the truck is on its way. */
  arrivedAt: string | null;
  disposalSite: string;
  volumeM3: number;
  /** Whether one of the trip's passages left the approved route. */
  offRoute: boolean;
}

/** One vehicle passage recorded at a checkpoint (过车记录). */
export interface PassageRecord {
  passageId: string;
  plate: string;
  checkpointId: string;
  districtCode: string;
  streetCode: string;
  passedAt: string;
  speedKmh: number;
  direction: string;
  /** The trip manifest the passage falls within (muck trucks under surveillance), or `null`. */
  manifestNo: string | null;
  /** For a trip's passage: whether the checkpoint is on the approved route; `null` otherwise. */
  onApprovedRoute: boolean | null;
}

/** A traffic violation (交通违法记录). */
export interface ViolationRecord {
  violationId: string;
  plate: string;
  driverPersonId: string | null;
  driverName: string | null;
  code: string;
  description: string;
  districtCode: string;
  streetCode: string;
  checkpointId: string | null;
  passageId: string | null;
  occurredAt: string;
  fineYuan: number;
  points: number;
  handled: boolean;
}

/** A dust monitor at a construction site and its baseline (扬尘在线监测). */
export interface DustMonitorRecord {
  monitorId: string;
  siteId: string;
  districtCode: string;
  streetCode: string;
  /** PM10 around which the readings hover, µg/m³; dusty sites go over the 150 alarm line. */
  basePm10: number;
}

/** The simulated business day of the sample city's traffic systems. */
export const MUCK_TRAFFIC_DAY = '2026-07-01';

/** PM10 above which a dust monitor raises the alarm, µg/m³ (Shanghai's site limit). */
export const DUST_PM10_ALARM = 150;

const DISPOSAL_SITES = ['老港消纳场', '宝山罗泾消纳场', '闵行马桥消纳场', '浦东三林消纳场', '嘉定华亭消纳场'];
const JUNCTIONS = ['愚园路', '常德路', '延安中路', '北京西路', '新闸路', '康定路', '昌平路', '西康路', '胶州路', '武定路', '共和新路', '中山北路'];
const DIRECTIONS = ['东向西', '西向东', '南向北', '北向南'];
const VIOLATION_TYPES = [
  { code: '1625', description: '驾驶机动车违反道路交通信号灯通行', fineYuan: 200, points: 6 },
  { code: '1352', description: '驾驶中型以上载货汽车超过规定时速10%未达20%', fineYuan: 200, points: 3 },
  { code: '6046', description: '驾驶货车载物超过核定载质量', fineYuan: 500, points: 1 },
  { code: '1039', description: '机动车违反规定停放、临时停车', fineYuan: 200, points: 0 },
];
const OFF_ROUTE = { code: '1344', description: '渣土车未按核准路线行驶（违反禁令标志指示）', fineYuan: 200, points: 3 };


const pad = (value: number, width: number) => String(value).padStart(width, '0');
const clock = (minutes: number) => `${MUCK_TRAFFIC_DAY} ${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}:${pad((minutes * 37) % 60, 2)}`;

const cache = new WeakMap<CityModel, MuckTraffic>();

/** The muck-truck traffic of a city model; computed once per model. */
export function muckTrafficOf(model: CityModel): MuckTraffic {
  let traffic = cache.get(model);
  if (!traffic) {
    traffic = createMuckTraffic(model, createRandom(seedOf('muck-traffic', model.seed)));
    cache.set(model, traffic);
  }
  return traffic;
}

function createMuckTraffic(model: CityModel, random: Random): MuckTraffic {
  const checkpoints: Checkpoint[] = [];
  for (const street of model.streets) {
    for (let k = 0; k < 2; k += 1) {
      checkpoints.push({
        checkpointId: `KK${street.code}${pad(k + 1, 2)}`,
        name: `${random.pick(JUNCTIONS)}${random.pick(JUNCTIONS)}路口卡口`,
        districtCode: street.districtCode,
        streetCode: street.code,
        lng: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        lat: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        lanes: random.int(2, 6),
      });
    }
  }
  const checkpointsByDistrict = groupBy(checkpoints, (c) => c.districtCode);
  // Residents are generated district by district: each district's are one contiguous range.
  const residentRange = new Map<string, [number, number]>();
  model.residents.forEach((r, index) => {
    const district = r.streetCode.slice(0, 6);
    const range = residentRange.get(district);
    if (range) range[1] = index;
    else residentRange.set(district, [index, index]);
  });
  const muckTrucks = model.vehicles.filter((v) => v.kind === 'muck-truck');
  const trucksByCarrier = groupBy(muckTrucks, (v) => v.ownerCreditCode!);
  const carriersByDistrict = groupBy(model.enterprises.filter((e) => e.kind === 'transport'), (e) => e.districtCode);
  const free = new Map([...trucksByCarrier].map(([carrier, trucks]) => [carrier, [...trucks]]));
  const truckPermit = new Map<string, string>();
  const permits: MuckPermitRecord[] = [];
  const sitesByDistrict = groupBy(model.constructionSites, (s) => s.districtCode);

  for (const [districtCode, sites] of sitesByDistrict) {
    const carriers = carriersByDistrict.get(districtCode) ?? [];
    const districtCheckpoints = checkpointsByDistrict.get(districtCode)!;
    let sequence = 0;
    for (const site of sites) {
      const count = random.chance(0.5) ? 2 : 1;
      for (let p = 0; p < count && carriers.length > 0; p += 1) {
        const carrier = [random.pick(carriers), ...carriers].find((c) => (free.get(c.creditCode)?.length ?? 0) > 0);
        if (!carrier) break;
        sequence += 1;
        const permitNo = `ZTZ${MUCK_TRAFFIC_DAY.slice(0, 4)}${districtCode}${pad(sequence, 4)}`;
        const route = pickDistinct(random, districtCheckpoints, 3).map((c) => c.checkpointId);
        permits.push({
          permitNo,
          siteId: site.siteId,
          builderCreditCode: site.creditCode,
          carrierCreditCode: carrier.creditCode,
          districtCode,
          streetCode: site.streetCode,
          validFrom: `2026-0${random.int(1, 6)}-${pad(random.int(1, 28), 2)}`,
          validUntil: `2026-${pad(random.int(8, 12), 2)}-${pad(random.int(1, 28), 2)}`,
          approvedVolumeM3: random.int(20, 400) * 100,
          disposalSite: random.pick(DISPOSAL_SITES),
          route,
        });
        const pool = free.get(carrier.creditCode)!;
        for (let t = random.int(2, 3); t > 0 && pool.length > 0; t -= 1) truckPermit.set(pool.shift()!.plate, permitNo);
      }
    }
  }

  const trucks: MuckTruckRecord[] = muckTrucks.map((vehicle: Vehicle, index) => {
    const [first, last] = residentRange.get(vehicle.districtCode)!;
    const driver = model.residents[random.int(first, last)]!;
    return {
      plate: vehicle.plate,
      carrierCreditCode: vehicle.ownerCreditCode!,
      districtCode: vehicle.districtCode,
      permitNo: truckPermit.get(vehicle.plate) ?? null,
      capacityM3: random.pick([12, 15, 18, 20]),
      sealedBody: random.chance(0.9),
      terminalId: `GPS${pad(index + 1, 7)}`,
      driverPersonId: driver.personId,
      driverName: driver.name,
      driverPhone: driver.phone,
      registeredAt: `20${random.int(18, 25)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)} 09:${pad(random.int(0, 59), 2)}:00`,
    };
  });

  const permitsByNo = new Map(permits.map((p) => [p.permitNo, p]));
  const trips: MuckTripRecord[] = [];
  const passages: PassageRecord[] = [];
  const violations: ViolationRecord[] = [];
  let passageSeq = 0;
  const nextPassageId = () => `GC${MUCK_TRAFFIC_DAY.replaceAll('-', '')}${pad((passageSeq += 1), 7)}`;
  const checkpointById = new Map(checkpoints.map((c) => [c.checkpointId, c]));
  const violate = (
    plate: string,
    driver: { personId: string | null; name: string | null },
    type: { code: string; description: string; fineYuan: number; points: number },
    passage: PassageRecord,
  ) => {
    violations.push({
      violationId: `WF${passage.districtCode}${pad(violations.length + 1, 6)}`,
      plate,
      driverPersonId: driver.personId,
      driverName: driver.name,
      ...type,
      districtCode: passage.districtCode,
      streetCode: passage.streetCode,
      checkpointId: passage.checkpointId,
      passageId: passage.passageId,
      occurredAt: passage.passedAt,
      handled: random.chance(0.3),
    });
  };
  // The first trip of each district's first permit strays, so every district shows one.
  const strayingFirst = new Set([...groupBy(permits, (p) => p.districtCode).values()].map((list) => list[0]!.permitNo));

  for (const truck of trucks) {
    if (!truck.permitNo) continue;
    const permit = permitsByNo.get(truck.permitNo)!;
    const districtCheckpoints = checkpointsByDistrict.get(permit.districtCode)!;
    const count = random.int(2, 4);
    let minute = 18 * 60 + random.int(0, 40);
    for (let t = 0; t < count; t += 1) {
      const manifestNo = `LD${MUCK_TRAFFIC_DAY.replaceAll('-', '')}${pad(trips.length + 1, 6)}`;
      const duration = random.int(40, 70);
      const last = t === count - 1;
      const arrived = !(last && random.chance(0.4));
      const stray = (strayingFirst.delete(permit.permitNo) && t === 0) || random.chance(0.15);
      const strayAt = random.int(0, permit.route.length - 1);
      const offRouteCheckpoints = districtCheckpoints.filter((c) => !permit.route.includes(c.checkpointId));
      const route = permit.route.map((id, i) => (stray && i === strayAt ? random.pick(offRouteCheckpoints).checkpointId : id));
      trips.push({
        manifestNo,
        plate: truck.plate,
        permitNo: permit.permitNo,
        siteId: permit.siteId,
        districtCode: permit.districtCode,
        streetCode: permit.streetCode,
        departedAt: clock(minute),
        arrivedAt: arrived ? clock(minute + duration) : null,
        disposalSite: permit.disposalSite,
        volumeM3: truck.capacityM3,
        offRoute: stray,
      });
      route.forEach((checkpointId, i) => {
        const checkpoint = checkpointById.get(checkpointId)!;
        const passage: PassageRecord = {
          passageId: nextPassageId(),
          plate: truck.plate,
          checkpointId,
          districtCode: checkpoint.districtCode,
          streetCode: checkpoint.streetCode,
          passedAt: clock(minute + Math.round(((i + 1) * duration) / (route.length + 1))),
          speedKmh: random.int(25, 62),
          direction: random.pick(DIRECTIONS),
          manifestNo,
          onApprovedRoute: permit.route[i] === checkpointId,
        };
        passages.push(passage);
        const driver = { personId: truck.driverPersonId, name: truck.driverName };
        if (!passage.onApprovedRoute) violate(truck.plate, driver, OFF_ROUTE, passage);
        else if (random.chance(0.05)) violate(truck.plate, driver, random.pick(VIOLATION_TYPES), passage);
      });
      minute += duration + random.int(15, 35);
    }
  }

  // Everyone else on the roads: private cars and the city's own vehicles pass too.
  const othersByDistrict = groupBy(model.vehicles.filter((v) => v.kind !== 'muck-truck'), (v) => v.districtCode);
  const ownerViolations = new Map<string, ViolationRecord[]>();
  for (const checkpoint of checkpoints) {
    const carsHere = othersByDistrict.get(checkpoint.districtCode) ?? [];
    for (let n = random.int(3, 8); n > 0 && carsHere.length > 0; n -= 1) {
      const vehicle = random.pick(carsHere);
      const passage: PassageRecord = {
        passageId: nextPassageId(),
        plate: vehicle.plate,
        checkpointId: checkpoint.checkpointId,
        districtCode: checkpoint.districtCode,
        streetCode: checkpoint.streetCode,
        passedAt: clock(random.int(6 * 60, 23 * 60)),
        speedKmh: random.int(15, 75),
        direction: random.pick(DIRECTIONS),
        manifestNo: null,
        onApprovedRoute: null,
      };
      passages.push(passage);
      if (vehicle.ownerPersonId && random.chance(0.06)) {
        violate(vehicle.plate, { personId: vehicle.ownerPersonId, name: null }, random.pick(VIOLATION_TYPES), passage);
        ownerViolations.set(vehicle.ownerPersonId, [...(ownerViolations.get(vehicle.ownerPersonId) ?? []), violations.at(-1)!]);
      }
    }
  }
  // Private: one pass over the residents names the owners (a map of every resident is slow at city scale).
  for (const resident of model.residents) {
    for (const violation of ownerViolations.get(resident.personId) ?? []) violation.driverName = resident.name;
  }

  const dustMonitors: DustMonitorRecord[] = model.constructionSites.map((site: ConstructionSite) => ({
    monitorId: `YC${site.siteId.slice(2)}`,
    siteId: site.siteId,
    districtCode: site.districtCode,
    streetCode: site.streetCode,
    basePm10: random.chance(0.3) ? random.int(160, 260) : random.int(40, 120),
  }));

  return { day: MUCK_TRAFFIC_DAY, checkpoints, permits, trucks, trips, passages, violations, dustMonitors };
}

function pickDistinct<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!);
  return picked;
}
