import type { CityModel } from '../city-model.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { MqttSimulatorSpec } from '../simulator-spec.ts';

const FAULT_KINDS = ['困人', '门锁故障', '冲顶', '蹲底', '运行中开门'];
const MAINTAINERS = ['上海三菱电梯维保', '奥的斯机电维保', '迅达电梯维保', '日立电梯维保'];
/** The first status report, local time (stored as wall time). */
const FIRST_REPORT = Date.UTC(2026, 10, 28, 8, 0, 0);
const localTime = (instant: number) => new Date(instant).toISOString().slice(0, 19).replace('T', ' ');

/** An elevator of the sample city and its fault, if it has one. */
export interface SimulatedElevator {
  readonly elevatorId: string;
  readonly buildingId: string;
  readonly registrationCode: string;
  readonly floors: number;
  readonly maintainer: string;
  readonly districtCode: string;
  readonly gridCode: string;
  readonly fault: { readonly faultId: string; readonly kind: string; readonly state: string; readonly occurredAt: string } | null;
}

/** The monitored elevators: one or two in every building of 25 floors or more; about one in twenty has a fault. */
export function simulatedElevators(model: CityModel): SimulatedElevator[] {
  const random = createRandom(seedOf('elevators', model.seed));
  const elevators: SimulatedElevator[] = [];
  for (const building of model.buildings) {
    if (building.floors < 25) continue;
    for (let n = 1; n <= (building.floors >= 30 ? 2 : 1); n += 1) {
      const elevatorId = `DT${building.buildingId.slice(1)}${n}`;
      const faulty = random.chance(0.05);
      elevators.push({
        elevatorId,
        buildingId: building.buildingId,
        registrationCode: `3110${building.districtCode.slice(2)}${String(elevators.length + 1).padStart(8, '0')}`,
        floors: building.floors,
        maintainer: random.pick(MAINTAINERS),
        districtCode: building.districtCode,
        gridCode: building.gridCode,
        fault: faulty
          ? { faultId: `GZ${elevatorId.slice(2)}`, kind: random.pick(FAULT_KINDS), state: random.pick(['待处置', '处置中', '已修复']), occurredAt: localTime(FIRST_REPORT - random.int(5, 600) * 60_000) }
          : null,
      });
    }
  }
  return elevators;
}

/**
 * Market regulation's elevator platform: each elevator's state on `city/tzsb/dt/<DTBH>/status`,
 * each fault on `city/tzsb/dtgz/<GZBH>/fault` (`KR` 1 when passengers are trapped), and the
 * platform's roll-up per district on `city/tzsb/dtqx/<QXDM>/summary`.
 */
const spec: MqttSimulatorSpec = {
  id: 'elevators',
  kind: 'mqtt',
  sensors: (model) => {
    const elevators = simulatedElevators(model);
    const at = (tick: number) => localTime(FIRST_REPORT + tick * 60_000);
    const statuses: SimulatedSensor[] = elevators.map((e, index) => ({
      topic: `city/tzsb/dt/${e.elevatorId}/status`,
      reading: (tick: number) => {
        const stopped = e.fault !== null && e.fault.state !== '已修复';
        return {
          JZBH: e.buildingId,
          ZCDM: e.registrationCode,
          LC: stopped ? 1 : createRandom(index * 7_919 + tick).int(1, e.floors),
          YXZT: stopped ? '故障' : '运行',
          GZ: stopped ? 1 : 0,
          WBDW: e.maintainer,
          CJSJ: at(tick),
          QXDM: e.districtCode,
          WGBM: e.gridCode,
        };
      },
    }));
    const faults: SimulatedSensor[] = elevators
      .filter((e) => e.fault)
      .map((e) => ({
        topic: `city/tzsb/dtgz/${e.fault!.faultId}/fault`,
        reading: () => ({ DTBH: e.elevatorId, JZBH: e.buildingId, GZLX: e.fault!.kind, KR: e.fault!.kind === '困人' && e.fault!.state !== '已修复' ? 1 : 0, CLZT: e.fault!.state, FSSJ: e.fault!.occurredAt, QXDM: e.districtCode, WGBM: e.gridCode }),
      }));
    const summaries: SimulatedSensor[] = model.districts.map((district) => {
      const mine = elevators.filter((e) => e.districtCode === district.code);
      const open = mine.filter((e) => e.fault && e.fault.state !== '已修复');
      return {
        topic: `city/tzsb/dtqx/${district.code}/summary`,
        reading: (tick: number) => ({ DTSL: mine.length, WXFGZ: open.length, KRS: open.filter((e) => e.fault!.kind === '困人').length, TJSJ: at(tick) }),
      };
    });
    return [...statuses, ...faults, ...summaries];
  },
};

export default spec;
