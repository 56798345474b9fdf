import type { CityModel, Enterprise } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

/** The year and month the sample city's records are as of. */
export const INSURANCE_AS_OF = { year: 2026, month: 6 } as const;

/** One enrolment of one person in one insurance. */
export interface InsuranceEnrolment {
  readonly recordId: string;
  readonly personId: string;
  readonly typeCode: '110' | '210' | '310' | '410' | '510';
  readonly typeName: string;
  readonly scheme: '职工' | '城乡居民';
  readonly status: '参保缴费' | '暂停缴费' | '待遇享受';
  readonly employerCreditCode: string | null;
  readonly startDate: string;
  readonly monthsPaid: number;
  readonly contributionBase: number | null;
  readonly lastPaidMonth: string | null;
  readonly streetCode: string;
}

const TYPE_NAMES = { '110': '企业职工基本养老保险', '210': '失业保险', '310': '基本医疗保险', '410': '工伤保险', '510': '生育保险' } as const;
const STATUS_CODES = { 参保缴费: '1', 暂停缴费: '2', 待遇享受: '4' } as const;

const enrolments = new WeakMap<CityModel, readonly InsuranceEnrolment[]>();

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * The social insurance enrolments of a city model: most working-age residents (18–59) are
 * insured as employees of an enterprise of their district (pension, medical, unemployment,
 * work injury, maternity) or in flexible employment (pension and medical, no employer);
 * residents of 60 and over draw their pension (`待遇享受`); most children have residents'
 * medical insurance. Deterministic per model (memoised).
 *
 * ```ts
 * insuranceEnrolmentsOf(model).filter((e) => e.personId === personId);
 * ```
 */
export function insuranceEnrolmentsOf(model: CityModel): readonly InsuranceEnrolment[] {
  const cached = enrolments.get(model);
  if (cached) return cached;
  const random = createRandom(seedOf('social-insurance', model.seed));
  const employers = new Map<string, Enterprise[]>();
  for (const enterprise of model.enterprises) {
    if (!employers.has(enterprise.districtCode)) employers.set(enterprise.districtCode, []);
    employers.get(enterprise.districtCode)!.push(enterprise);
  }
  const asOf = INSURANCE_AS_OF.year * 12 + INSURANCE_AS_OF.month;
  const rows: InsuranceEnrolment[] = [];
  model.residents.forEach((resident, index) => {
    const born = Number(resident.birthDate.slice(0, 4));
    const age = INSURANCE_AS_OF.year - born;
    const districtCode = resident.streetCode.slice(0, 6);
    const add = (typeCode: InsuranceEnrolment['typeCode'], fields: Omit<InsuranceEnrolment, 'recordId' | 'personId' | 'typeCode' | 'typeName' | 'streetCode'>) =>
      rows.push({ recordId: `SB${pad(index + 1, 9)}${typeCode}`, personId: resident.personId, typeCode, typeName: TYPE_NAMES[typeCode], streetCode: resident.streetCode, ...fields });
    if (age < 18) {
      if (!random.chance(0.9)) return;
      const start = `${born}-${pad(random.int(1, 12), 2)}-01`;
      add('310', { scheme: '城乡居民', status: '参保缴费', employerCreditCode: null, startDate: start, monthsPaid: 0, contributionBase: null, lastPaidMonth: null });
      return;
    }
    if (!random.chance(age >= 60 ? 0.92 : 0.8)) return;
    const startYear = Math.max(1993, born + random.int(18, 24));
    const startMonth = random.int(1, 12);
    const start = `${startYear}-${pad(startMonth, 2)}-01`;
    const endMonth = age >= 60 ? (born + 60) * 12 + random.int(1, 12) : asOf;
    const suspended = age < 60 && random.chance(0.08);
    const lastPaid = suspended ? endMonth - random.int(3, 30) : endMonth;
    const months = Math.max(0, lastPaid - (startYear * 12 + startMonth) + 1);
    const lastPaidMonth = `${Math.floor((lastPaid - 1) / 12)}${pad(((lastPaid - 1) % 12) + 1, 2)}`;
    const base = age >= 60 ? null : Math.round(random.int(7_384, 36_921) / 10) * 10;
    const employed = age < 60 && random.chance(0.75);
    const employer = employed ? random.pick(employers.get(districtCode) ?? model.enterprises).creditCode : null;
    const status: InsuranceEnrolment['status'] = age >= 60 ? '待遇享受' : suspended ? '暂停缴费' : '参保缴费';
    const common = { scheme: '职工' as const, employerCreditCode: employer, startDate: start, contributionBase: base, lastPaidMonth };
    add('110', { ...common, status, monthsPaid: months });
    add('310', { ...common, status: age >= 60 ? '参保缴费' : status, monthsPaid: months });
    if (employed) {
      for (const typeCode of ['210', '410', '510'] as const) add(typeCode, { ...common, status, monthsPaid: months });
    }
  });
  enrolments.set(model, rows);
  return rows;
}

/** Human resources and social security's enrolment table: one row per person and insurance, code columns plus names. */
const spec: SimulatorSpec = {
  id: 'social-insurance',
  kind: 'sql',
  tables: (model): LegacyTable[] => [
    {
      name: 'SB_CBRY_XZXX',
      columns: {
        CBBH: 'TEXT', RYBS: 'TEXT', XZLX: 'TEXT', XZMC: 'TEXT', CBLB: 'TEXT', CBZT: 'TEXT', CBZTMC: 'TEXT', DWTYSHXYDM: 'TEXT',
        CBRQ: 'TEXT', LJJFYS: 'INTEGER', JFJS: 'REAL', ZHJFNY: 'TEXT', JDDM: 'TEXT',
      },
      indexes: ['CBBH', 'RYBS', 'DWTYSHXYDM', 'JDDM'],
      rows: insuranceEnrolmentsOf(model).map((e) => ({
        CBBH: e.recordId,
        RYBS: e.personId,
        XZLX: e.typeCode,
        XZMC: e.typeName,
        CBLB: e.scheme,
        CBZT: STATUS_CODES[e.status],
        CBZTMC: e.status,
        DWTYSHXYDM: e.employerCreditCode,
        CBRQ: e.startDate,
        LJJFYS: e.monthsPaid,
        JFJS: e.contributionBase,
        ZHJFNY: e.lastPaidMonth,
        JDDM: e.streetCode,
      })),
    },
  ],
};

export default spec;
