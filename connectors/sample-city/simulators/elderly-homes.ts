import type { CityModel, Resident } from './city-model.ts';
import { createRandom } from './random.ts';
import { seedOf } from './seed-of.ts';

/** The four devices of the smart home kit (智能四件套) fitted in every home of an elder living alone. */
export const HOME_SENSOR_KINDS = [
  { kind: '门磁', code: 'MC', unit: '小时', normal: [0, 6], alarm: [26, 40], alarmText: '超过24小时未开门' },
  { kind: '燃气', code: 'RQ', unit: '%LEL', normal: [0, 3], alarm: [25, 60], alarmText: '燃气浓度超标' },
  { kind: '烟感', code: 'YG', unit: 'dB/m', normal: [0, 0.05], alarm: [0.3, 0.9], alarmText: '烟雾报警' },
  { kind: '人体红外', code: 'HW', unit: '小时', normal: [0, 4], alarm: [12, 20], alarmText: '长时间未检测到活动' },
] as const;

/** Where an alarm stands: not yet handled, a community worker dispatched, closed after the visit. */
export type HomeAlarmStatus = '未处置' | '已派单' | '已办结';

/** One device in an elder's home. */
export interface HomeSensorRecord {
  readonly sensorId: string;
  readonly personId: string;
  /** 门磁, 燃气, 烟感 or 人体红外. */
  readonly kind: (typeof HOME_SENSOR_KINDS)[number]['kind'];
  readonly unit: string;
  readonly gridCode: string;
  readonly communityCode: string;
  readonly streetCode: string;
  /** Battery at tick 0, percent. */
  readonly batteryAtStart: number;
}

/** One alarm a device raised. */
export interface HomeAlarmRecord {
  readonly alarmId: string;
  readonly sensorId: string;
  readonly personId: string;
  readonly kind: HomeSensorRecord['kind'];
  readonly description: string;
  /** The reading that raised the alarm, in the sensor's unit. */
  readonly reading: number;
  /** Local time `YYYY-MM-DD HH:mm:ss`. */
  readonly raisedAt: string;
  readonly status: HomeAlarmStatus;
  readonly gridCode: string;
  readonly communityCode: string;
  readonly streetCode: string;
}

/** The home visit (上门核实) of the community worker dispatched to an alarm. */
export interface HomeVisitRecord {
  readonly visitId: string;
  readonly alarmId: string;
  readonly personId: string;
  readonly workerId: string;
  readonly dispatchedAt: string;
  /** `null` while the worker is on the way. */
  readonly arrivedAt: string | null;
  /** The outcome category, `null` until the visit is done. */
  readonly outcome: string | null;
  /** What the worker found, `null` until the visit is done (personal: health and home). */
  readonly notes: string | null;
  readonly gridCode: string;
  readonly communityCode: string;
  readonly streetCode: string;
}

/** Everything the civil affairs systems know about the homes of elders living alone. */
export interface ElderlyHomes {
  readonly sensors: readonly HomeSensorRecord[];
  readonly alarms: readonly HomeAlarmRecord[];
  readonly visits: readonly HomeVisitRecord[];
}

/** The last day of the simulated week of alarms, local time; they were raised over the 7 days to it. */
export const ALARM_DAY = '2026-07-01';
/** Share of the elders living alone with an alarm that week (false alarms included). */
const ALARM_RATE = 0.55;
const LAST_DAY = Date.UTC(2026, 6, 1);

const OUTCOMES: Readonly<Record<HomeSensorRecord['kind'], ReadonlyArray<readonly [outcome: string, notes: string]>>> = {
  门磁: [['老人安好', '老人外出探亲，已电话确认'], ['已送医', '老人在家摔倒，已联系120送医'], ['误报', '门磁松脱，已重新安装']],
  燃气: [['已处置隐患', '灶具未关，已关闭阀门并通风'], ['误报', '传感器受潮，已报修']],
  烟感: [['已处置隐患', '烹饪烟雾，已提醒老人开窗'], ['误报', '烟感积灰，已清洁']],
  人体红外: [['老人安好', '老人午睡，身体无异常'], ['已送医', '老人血压偏高，已陪同就医'], ['误报', '探头被遮挡，已调整']],
};

const cache = new WeakMap<CityModel, ElderlyHomes>();

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// Private: local time `YYYY-MM-DD HH:mm:ss` of a minute of the day, `daysBefore` the last day.
function at(daysBefore: number, minutes: number): string {
  const day = new Date(LAST_DAY - daysBefore * 86_400_000).toISOString().slice(0, 10);
  return `${day} ${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}:00`;
}

/**
 * The homes of the elders living alone, derived from the city model: four sensors per home,
 * the alarms they raised in the week to {@link ALARM_DAY} (the open ones on that day), and the visits of the community workers
 * dispatched to them. The elderly-sensors simulator publishes the sensors and alarms; the
 * community-workers simulator serves the visits; both read this one derivation, so an
 * alarm's id is the same in both systems. Deterministic, and cached per model.
 *
 * ```ts
 * const { sensors, alarms, visits } = elderlyHomes(createCityModel());
 * ```
 */
export function elderlyHomes(model: CityModel): ElderlyHomes {
  const cached = cache.get(model);
  if (cached) return cached;
  const random = createRandom(seedOf('elderly-sensors', model.seed));
  const residents = new Map<string, Resident>(model.residents.map((r) => [r.personId, r]));
  const sensors: HomeSensorRecord[] = [];
  const alarms: HomeAlarmRecord[] = [];
  const visits: HomeVisitRecord[] = [];
  for (const elder of model.elderly) {
    if (!elder.livesAlone) continue;
    const resident = residents.get(elder.personId)!;
    const place = { gridCode: resident.gridCode, communityCode: resident.communityCode, streetCode: resident.streetCode };
    const home = elder.personId.slice(1, 13).toUpperCase();
    const homeSensors = HOME_SENSOR_KINDS.map((kind) => {
      const sensor: HomeSensorRecord = {
        sensorId: `ZN${home}${kind.code}`,
        personId: elder.personId,
        kind: kind.kind,
        unit: kind.unit,
        ...place,
        batteryAtStart: random.int(40, 100),
      };
      sensors.push(sensor);
      return sensor;
    });
    if (!random.chance(ALARM_RATE)) continue;
    const index = random.int(0, HOME_SENSOR_KINDS.length - 1);
    const kind = HOME_SENSOR_KINDS[index]!;
    const sensor = homeSensors[index]!;
    const [low, high] = kind.alarm;
    const raised = random.int(6 * 60, 20 * 60);
    const roll = random.next();
    // Older alarms are more likely closed: open ones are from the last days.
    const status: HomeAlarmStatus = roll < 0.3 ? '未处置' : roll < 0.6 ? '已派单' : '已办结';
    const daysBefore = status === '已办结' ? 1 + (raised % 6) : 0;
    const alarm: HomeAlarmRecord = {
      alarmId: `BJ${home}${pad(raised % 100)}`,
      sensorId: sensor.sensorId,
      personId: elder.personId,
      kind: kind.kind,
      description: kind.alarmText,
      reading: Math.round((low + random.next() * (high - low)) * 100) / 100,
      raisedAt: at(daysBefore, raised),
      status,
      ...place,
    };
    alarms.push(alarm);
    if (status === '未处置') continue;
    const dispatched = raised + random.int(5, 20);
    const [outcome, notes] = random.pick(OUTCOMES[kind.kind]);
    const done = status === '已办结';
    visits.push({
      visitId: `HS${alarm.alarmId.slice(2)}`,
      alarmId: alarm.alarmId,
      personId: elder.personId,
      workerId: elder.assignedWorkerId,
      dispatchedAt: at(daysBefore, dispatched),
      arrivedAt: done ? at(daysBefore, dispatched + random.int(10, 40)) : null,
      outcome: done ? outcome : null,
      notes: done ? notes : null,
      ...place,
    });
  }
  const homes = { sensors, alarms, visits };
  cache.set(model, homes);
  return homes;
}
