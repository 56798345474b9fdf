import type { CityModel } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';
import { serviceImplementationsOf, type ServiceImplementation } from './service-catalogue.ts';

/** One application (办件) for a government service. */
export interface ServiceApplicationRecord {
  readonly applicationId: string;
  readonly service: ServiceImplementation;
  readonly applicantPersonId: string;
  readonly channel: string;
  readonly status: '已受理' | '审批中' | '已办结' | '不予受理';
  readonly decision: '准予' | '不予' | null;
  readonly submittedAt: string;
  readonly completedAt: string | null;
  readonly streetCode: string;
  readonly districtCode: string;
}

const CHANNELS = ['随申办APP', '一网通办PC端', '社区事务受理服务中心窗口'];
const applications = new WeakMap<CityModel, readonly ServiceApplicationRecord[]>();

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function localTime(year: number, month: number, day: number, seconds: number): string {
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  return `${year}-${pad(month, 2)}-${pad(day, 2)} ${pad(hh, 2)}:${pad(mm, 2)}:${pad(seconds % 60, 2)}`;
}

/**
 * The applications of a city model: about one adult resident in eight has filed one, for a
 * service their district implements, at the service centre of their street or online.
 * Seconds-approval services are decided within seconds of submission; the others take days
 * and some are still open. Deterministic per model (memoised).
 *
 * ```ts
 * serviceApplicationsOf(model).filter((a) => a.service.secondsApproval);
 * ```
 */
export function serviceApplicationsOf(model: CityModel): readonly ServiceApplicationRecord[] {
  const cached = applications.get(model);
  if (cached) return cached;
  const random = createRandom(seedOf('service-applications', model.seed));
  const byDistrict = new Map<string, ServiceImplementation[]>();
  for (const item of serviceImplementationsOf(model)) {
    if (!byDistrict.has(item.districtCode)) byDistrict.set(item.districtCode, []);
    byDistrict.get(item.districtCode)!.push(item);
  }
  const rows: ServiceApplicationRecord[] = [];
  for (const resident of model.residents) {
    if (Number(resident.birthDate.slice(0, 4)) > 2008 || !random.chance(0.125)) continue;
    const districtCode = resident.streetCode.slice(0, 6);
    const service = random.pick(byDistrict.get(districtCode)!);
    const [year, month, day] = [2026, random.int(1, 6), random.int(1, 28)];
    const submitted = random.int(8 * 3600, 17 * 3600);
    let status: ServiceApplicationRecord['status'];
    let decision: ServiceApplicationRecord['decision'] = null;
    let completedAt: string | null = null;
    if (service.secondsApproval) {
      status = '已办结';
      decision = random.chance(0.9) ? '准予' : '不予';
      completedAt = localTime(year, month, day, submitted + random.int(2, 40));
    } else {
      status = random.pick(['已受理', '审批中', '已办结', '已办结', '不予受理'] as const);
      if (status === '已办结') {
        decision = '准予';
        completedAt = localTime(year, month, Math.min(28, day + random.int(1, service.promisedDays)), random.int(9 * 3600, 17 * 3600));
      }
    }
    rows.push({
      applicationId: `BJ${year}${pad(month, 2)}${pad(day, 2)}${pad(rows.length + 1, 7)}`,
      service,
      applicantPersonId: resident.personId,
      channel: random.pick(CHANNELS),
      status,
      decision,
      submittedAt: localTime(year, month, day, submitted),
      completedAt,
      streetCode: resident.streetCode,
      districtCode,
    });
  }
  applications.set(model, rows);
  return rows;
}

/** The big data centre's case database (办件库): one wide table, the applicant's name and phone copied in at submission. */
const spec: SimulatorSpec = {
  id: 'service-applications',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const residents = new Map(model.residents.map((r) => [r.personId, r]));
    return [
      {
        name: 'ZWFW_BJ_JBXX',
        columns: {
          BJBH: 'TEXT', SSBM: 'TEXT', SXMC: 'TEXT', SQRBS: 'TEXT', SQRXM: 'TEXT', SQRLXDH: 'TEXT', SQQD: 'TEXT', BJZT: 'TEXT',
          BJJG: 'TEXT', SFMP: 'INTEGER', SQSJ: 'TEXT', BJSJ: 'TEXT', SLJDDM: 'TEXT', QXDM: 'TEXT',
        },
        indexes: ['BJBH', 'SQRBS', 'SSBM', 'SLJDDM'],
        rows: serviceApplicationsOf(model).map((a) => {
          const applicant = residents.get(a.applicantPersonId)!;
          return {
            BJBH: a.applicationId,
            SSBM: a.service.implementationCode,
            SXMC: a.service.name,
            SQRBS: a.applicantPersonId,
            SQRXM: applicant.name,
            SQRLXDH: applicant.phone,
            SQQD: a.channel,
            BJZT: a.status,
            BJJG: a.decision,
            SFMP: a.service.secondsApproval ? 1 : 0,
            SQSJ: a.submittedAt,
            BJSJ: a.completedAt,
            SLJDDM: a.streetCode,
            QXDM: a.districtCode,
          };
        }),
      },
    ];
  },
};

export default spec;
