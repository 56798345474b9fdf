import type { Building, CityModel } from './city-model.ts';
import { createRandom } from './random.ts';
import { seedOf } from './seed-of.ts';

/** A protected building as the housing administration lists it (优秀历史建筑名录). */
export interface HistoricBuildingRecord {
  readonly buildingId: string;
  readonly name: string;
  /** 市级 or 区级. */
  readonly protectionLevel: string;
  /** The batch of the listing that protected it (第一批 … 第五批). */
  readonly listedBatch: string;
  readonly yearBuilt: number;
  readonly originalUse: string;
  readonly currentUse: string;
  /** The unit that looks after it (管理单位). */
  readonly custodian: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly communityCode: string;
  readonly gridCode: string;
  readonly address: string;
}

/** A housing officer (房管员) of the housing administration, in charge of one street's buildings. */
export interface HousingOfficer {
  readonly officerId: string;
  readonly name: string;
  readonly phone: string;
  readonly districtCode: string;
  readonly streetCode: string;
}

/** A 三保卫士 vibration monitor fixed to a protected building. */
export interface VibrationMonitor {
  readonly monitorId: string;
  readonly buildingId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly gridCode: string;
  /** The peak particle velocity the monitor alarms above (mm/s), stricter for 市级 protection. */
  readonly thresholdMmS: number;
}

/** The latest alarm of a monitor at a tick of the simulation. */
export interface VibrationAlarmRecord {
  readonly alarmId: string;
  readonly monitorId: string;
  readonly buildingId: string;
  readonly peakVelocityMmS: number;
  readonly thresholdMmS: number;
  /** Local time `YYYY-MM-DD HH:mm:ss`. */
  readonly raisedAt: string;
  readonly open: boolean;
  /** 未处置 while open, 已关闭 once a housing officer closed it. */
  readonly state: string;
  readonly closedByOfficerId: string | null;
  readonly closedAt: string | null;
  readonly note: string | null;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly gridCode: string;
}

/** The protected buildings of the city and the people and devices around them. */
export interface ProtectedBuildings {
  readonly records: readonly HistoricBuildingRecord[];
  readonly officers: readonly HousingOfficer[];
  readonly monitors: readonly VibrationMonitor[];
  /** The alarm monitor `index` publishes at `tick` (0, 1, 2…): deterministic. */
  alarmAt(index: number, tick: number): VibrationAlarmRecord;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙'];
const GIVEN = ['建国', '秀兰', '志明', '丽华', '卫东', '海燕', '伟', '静', '磊', '敏'];
const STYLES = ['石库门里弄', '花园住宅', '新式里弄', '公寓', '近代办公楼', '教堂'];
const ORIGINAL_USES = ['住宅', '银行', '洋行', '领事馆', '医院', '学校'];
const CURRENT_USES: Readonly<Record<Building['use'], string>> = { residential: '住宅', office: '办公', commercial: '商业', public: '公共文化' };
const BATCHES = ['第一批', '第二批', '第三批', '第四批', '第五批'];
const CAUSES = ['临近地铁施工', '重型车辆通行', '相邻工地打桩', '道路开挖'];
/** The first simulated alarm, local time (stored as wall time). */
const FIRST_ALARM = Date.UTC(2026, 10, 28, 9, 0, 0);

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const localTime = (instant: number) => new Date(instant).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Derives the protected buildings of the sample city from `model.buildings` (every
 * `historic` one), the housing officers of every street (two each), and one vibration
 * monitor per protected building, from a stream seeded by the system id: shared by
 * historic-buildings, residential-communities and building-vibration so that their keys agree.
 *
 * ```ts
 * const { records, officers, monitors, alarmAt } = protectedBuildings(model);
 * ```
 */
export function protectedBuildings(model: CityModel): ProtectedBuildings {
  const random = createRandom(seedOf('historic-buildings', model.seed));
  const communities = new Map(model.communities.map((c) => [c.code, c.name.replace(/居委会$/, '')]));
  const districts = new Map(model.districts.map((d) => [d.code, d.nameZh]));
  const historic = model.buildings.filter((b) => b.historic);
  const records = historic.map((building, index): HistoricBuildingRecord => ({
    buildingId: building.buildingId,
    name: `${communities.get(building.communityCode)}${random.pick(STYLES)}${index + 1}号`,
    protectionLevel: building.protectionLevel ?? '区级',
    listedBatch: random.pick(BATCHES),
    yearBuilt: building.yearBuilt,
    originalUse: random.pick(ORIGINAL_USES),
    currentUse: CURRENT_USES[building.use],
    custodian: `${districts.get(building.districtCode)}房屋管理局`,
    districtCode: building.districtCode,
    streetCode: building.streetCode,
    communityCode: building.communityCode,
    gridCode: building.gridCode,
    address: building.address,
  }));
  const officers: HousingOfficer[] = [];
  for (const street of model.streets) {
    for (let n = 1; n <= 2; n += 1) {
      officers.push({
        officerId: `FGY${street.code}${n}`,
        name: random.pick(SURNAMES) + random.pick(GIVEN),
        phone: `13${random.int(0, 9)}${pad(random.int(0, 99_999_999), 8)}`,
        districtCode: street.districtCode,
        streetCode: street.code,
      });
    }
  }
  const monitors = historic.map((building): VibrationMonitor => ({
    monitorId: `ZD${building.buildingId.slice(1)}`,
    buildingId: building.buildingId,
    districtCode: building.districtCode,
    streetCode: building.streetCode,
    gridCode: building.gridCode,
    thresholdMmS: building.protectionLevel === '市级' ? 2.5 : 5,
  }));
  const officersOf = new Map<string, HousingOfficer[]>();
  for (const officer of officers) officersOf.set(officer.streetCode, [...(officersOf.get(officer.streetCode) ?? []), officer]);
  const alarmSeed = seedOf('building-vibration', model.seed);
  return {
    records,
    officers,
    monitors,
    alarmAt(index, tick) {
      const monitor = monitors[index]!;
      const draw = createRandom((alarmSeed + index * 104_729 + tick * 7_919) >>> 0);
      const raised = FIRST_ALARM + tick * 3_600_000 + draw.int(0, 59) * 60_000;
      const peak = Math.round(monitor.thresholdMmS * (1.05 + draw.next() * 1.5) * 100) / 100;
      // About a third of the alarms are still open; the others were closed by one of the street's officers.
      const open = draw.chance(0.35);
      const officer = draw.pick(officersOf.get(monitor.streetCode)!);
      const closedAfter = draw.int(20, 240);
      return {
        alarmId: `BJ${monitor.monitorId.slice(2)}${pad(tick + 1, 4)}`,
        monitorId: monitor.monitorId,
        buildingId: monitor.buildingId,
        peakVelocityMmS: peak,
        thresholdMmS: monitor.thresholdMmS,
        raisedAt: localTime(raised),
        open,
        state: open ? '未处置' : '已关闭',
        closedByOfficerId: open ? null : officer.officerId,
        closedAt: open ? null : localTime(raised + closedAfter * 60_000),
        note: open ? null : `现场核查：${draw.pick(CAUSES)}，结构无新增裂缝`,
        districtCode: monitor.districtCode,
        streetCode: monitor.streetCode,
        gridCode: monitor.gridCode,
      };
    },
  };
}
