import { sql, type Kysely } from 'kysely';
import { GovernanceError } from '../../schema/index.ts';
import type { AuditOutcome } from './audit-entry.ts';
import { ENTRIES_TABLE, PERSONAL_KEYS_TABLE, SOURCES_TABLE, type EntryRow, type SourceRow } from './audit-tables.ts';
import { isWithinOfficeHours, localClock, resolveOfficeHours, type OfficeHours } from './office-hours.ts';
import { isoTime } from './search-audit-log.ts';

/** A report period: entries with `from <= occurredAt < to`. */
export interface AuditPeriod {
  readonly from: Date;
  readonly to: Date;
}

/** One row of {@link AuditLog.accessesByDepartmentAndPurpose}. */
export interface DepartmentPurposeAccesses {
  readonly department: string | null;
  readonly purpose: string | null;
  /** Entries (requests) in the period. */
  readonly accesses: number;
  readonly denied: number;
  readonly failed: number;
  /** Distinct principals. */
  readonly principals: number;
  /** Rows returned, summed over source systems. */
  readonly rowsReturned: number;
  /** Personal record keys returned (a record returned twice counts twice). */
  readonly personalRecords: number;
}

/** Options of {@link AuditLog.accessesOutsideOfficeHours}. */
export interface OfficeHoursReportOptions extends AuditPeriod {
  /** Overrides of {@link DEFAULT_OFFICE_HOURS}. @default DEFAULT_OFFICE_HOURS */
  readonly officeHours?: Partial<OfficeHours>;
}

/** One row of {@link AuditLog.accessesOutsideOfficeHours}. */
export interface OutOfHoursAccess {
  readonly seq: number;
  readonly occurredAt: string;
  /** Wall-clock time in the office-hours time zone, `YYYY-MM-DD HH:mm`. */
  readonly localTime: string;
  readonly principal: string | null;
  readonly department: string | null;
  readonly purpose: string | null;
  readonly operationName: string | null;
  readonly outcome: AuditOutcome;
  readonly personalRecords: number;
}

/** Options of {@link AuditLog.unusualPersonalReads}. */
export interface UnusualPersonalReadsOptions extends AuditPeriod {
  /** A day is unusual when its personal-record count exceeds `factor` × the history median. @default 3 */
  readonly factor?: number;
  /** Days before `from` that make up each principal's history. @default 30 */
  readonly historyDays?: number;
  /** The time zone that decides where a day starts. @default 'Asia/Shanghai' */
  readonly timeZone?: string;
}

/** One row of {@link AuditLog.unusualPersonalReads}: a principal's unusual day. */
export interface UnusualPersonalRead {
  readonly principal: string;
  /** The department of the principal's latest entry that day. */
  readonly department: string | null;
  /** Local date, `YYYY-MM-DD`. */
  readonly day: string;
  readonly personalRecords: number;
  /** Median personal records per active day in the history window (0 when there is no history). */
  readonly historyMedian: number;
  /** Days in the history window on which the principal read anything. */
  readonly historyDays: number;
}

/**
 * An agreement as the conditional-field report needs it: a structural view (an `Agreement` of
 * the agreements module fits it), so the audit module does not depend on how agreements are
 * stored.
 */
export interface AuditAgreementView {
  readonly id: string;
  readonly requesterDepartment: string;
  readonly purpose: string;
  /** The catalogued type the fields belong to. */
  readonly typeName: string;
  /** The conditional fields of `typeName` granted (field names, without the type). */
  readonly fields: readonly string[];
  readonly validFrom: Date;
  /** The first moment the agreement no longer holds. */
  readonly validUntil: Date;
  /** `pending` and `rejected` agreements never allowed anything. @default treated as approved */
  readonly status?: string;
  /** When it was approved; a use before that is flagged. @default not checked */
  readonly decidedAt?: Date | null;
  /** When it was revoked; a use from then on is flagged. @default not revoked */
  readonly revokedAt?: Date | null;
}

/** Options of {@link AuditLog.conditionalFieldUse}. */
export interface ConditionalFieldUseOptions extends AuditPeriod {
  /**
   * Looks agreements up by id, to check each use against the agreement that allowed it.
   * @default none: only uses without any agreement id are flagged
   */
  readonly agreements?: (ids: readonly string[]) => Promise<Iterable<AuditAgreementView>> | Iterable<AuditAgreementView>;
}

/** One row of {@link AuditLog.conditionalFieldUse}: one source system's conditional fields in one entry. */
export interface ConditionalFieldUse {
  readonly seq: number;
  readonly occurredAt: string;
  readonly principal: string | null;
  readonly department: string | null;
  readonly purpose: string | null;
  readonly system: string;
  readonly fields: readonly string[];
  readonly agreementIds: readonly string[];
  /** Whether any problem was found. */
  readonly flagged: boolean;
  /** Each problem in a sentence (no agreement id, unknown agreement, field not covered, expired…). */
  readonly problems: readonly string[];
}

const PAGE = 1000;

function period(options: AuditPeriod): [string, string] {
  if (typeof options !== 'object' || options === null) throw new GovernanceError(`a report needs { from, to }, received ${String(options)}`, 'BAD_USER_INPUT');
  const from = isoTime(options.from, 'from');
  const to = isoTime(options.to, 'to');
  if (from > to) throw new GovernanceError(`from must not be after to, received from ${from} and to ${to}`, 'BAD_USER_INPUT');
  return [from, to];
}

/** @internal */
export async function accessesByDepartmentAndPurpose(db: Kysely<any>, options: AuditPeriod): Promise<DepartmentPurposeAccesses[]> {
  const [from, to] = period(options);
  const inPeriod = (alias: string) => sql`${sql.ref(`${alias}.occurred_at`)} >= ${from} AND ${sql.ref(`${alias}.occurred_at`)} < ${to}`;
  const counts = await sql<{ department: string | null; purpose: string | null; accesses: unknown; denied: unknown; failed: unknown; principals: unknown }>`
    SELECT e.department, e.purpose, COUNT(*) AS accesses,
      SUM(CASE WHEN e.outcome = 'denied' THEN 1 ELSE 0 END) AS denied,
      SUM(CASE WHEN e.outcome = 'error' THEN 1 ELSE 0 END) AS failed,
      COUNT(DISTINCT e.principal) AS principals
    FROM ${sql.table(ENTRIES_TABLE)} AS e WHERE ${inPeriod('e')} GROUP BY e.department, e.purpose`.execute(db);
  const rows = await sql<{ department: string | null; purpose: string | null; total: unknown }>`
    SELECT e.department, e.purpose, SUM(s.rows_returned) AS total
    FROM ${sql.table(ENTRIES_TABLE)} AS e JOIN ${sql.table(SOURCES_TABLE)} AS s ON s.seq = e.seq
    WHERE ${inPeriod('e')} GROUP BY e.department, e.purpose`.execute(db);
  const keys = await sql<{ department: string | null; purpose: string | null; total: unknown }>`
    SELECT e.department, e.purpose, COUNT(*) AS total
    FROM ${sql.table(ENTRIES_TABLE)} AS e JOIN ${sql.table(PERSONAL_KEYS_TABLE)} AS k ON k.seq = e.seq
    WHERE ${inPeriod('e')} GROUP BY e.department, e.purpose`.execute(db);
  const id = (row: { department: string | null; purpose: string | null }) => JSON.stringify([row.department, row.purpose]);
  const rowTotals = new Map(rows.rows.map((row) => [id(row), Number(row.total ?? 0)]));
  const keyTotals = new Map(keys.rows.map((row) => [id(row), Number(row.total ?? 0)]));
  return counts.rows
    .map((row) => ({
      department: row.department,
      purpose: row.purpose,
      accesses: Number(row.accesses),
      denied: Number(row.denied ?? 0),
      failed: Number(row.failed ?? 0),
      principals: Number(row.principals),
      rowsReturned: rowTotals.get(id(row)) ?? 0,
      personalRecords: keyTotals.get(id(row)) ?? 0,
    }))
    .sort(
      (a, b) =>
        b.accesses - a.accesses ||
        String(a.department).localeCompare(String(b.department)) ||
        String(a.purpose).localeCompare(String(b.purpose)),
    );
}

// Private: the entries of a period in seq order, a page at a time, with their personal-record counts.
async function* scanPeriod(db: Kysely<any>, from: string, to: string): AsyncGenerator<EntryRow & { personal_records: number }> {
  let after = 0;
  for (;;) {
    const rows = (await db
      .selectFrom(ENTRIES_TABLE)
      .selectAll()
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<', to)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(PAGE)
      .execute()) as EntryRow[];
    if (rows.length === 0) return;
    const seqs = rows.map((row) => Number(row.seq));
    const counts = await db
      .selectFrom(PERSONAL_KEYS_TABLE)
      .select(['seq', (eb) => eb.fn.countAll().as('total')])
      .where('seq', 'in', seqs)
      .groupBy('seq')
      .execute();
    const bySeq = new Map(counts.map((row) => [Number(row.seq), Number(row.total)]));
    for (const row of rows) yield { ...row, personal_records: bySeq.get(Number(row.seq)) ?? 0 };
    after = seqs[seqs.length - 1]!;
  }
}

/** @internal */
export async function accessesOutsideOfficeHours(db: Kysely<any>, options: OfficeHoursReportOptions): Promise<OutOfHoursAccess[]> {
  const [from, to] = period(options);
  const hours = resolveOfficeHours(options.officeHours);
  const clock = localClock(hours.timeZone);
  const found: OutOfHoursAccess[] = [];
  for await (const row of scanPeriod(db, from, to)) {
    const local = clock(new Date(row.occurred_at));
    if (isWithinOfficeHours(local, hours)) continue;
    found.push({
      seq: Number(row.seq),
      occurredAt: row.occurred_at,
      localTime: `${local.date} ${local.time}`,
      principal: row.principal,
      department: row.department,
      purpose: row.purpose,
      operationName: row.operation_name,
      outcome: row.outcome as AuditOutcome,
      personalRecords: row.personal_records,
    });
  }
  return found;
}

/** @internal */
export async function unusualPersonalReads(db: Kysely<any>, options: UnusualPersonalReadsOptions): Promise<UnusualPersonalRead[]> {
  const [from, to] = period(options);
  const factor = options.factor ?? 3;
  const historyDays = options.historyDays ?? 30;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) {
    throw new GovernanceError(`factor must be a positive number, received ${factor}`, 'BAD_USER_INPUT');
  }
  if (!Number.isInteger(historyDays) || historyDays < 1) {
    throw new GovernanceError(`historyDays must be a positive integer, received ${historyDays}`, 'BAD_USER_INPUT');
  }
  const clock = localClock(options.timeZone ?? 'Asia/Shanghai');
  const historyFrom = new Date(options.from.getTime() - historyDays * 86_400_000).toISOString();
  // Per principal: personal records per local day, in the history window and in the period.
  const history = new Map<string, Map<string, number>>();
  const current = new Map<string, Map<string, { count: number; department: string | null }>>();
  for await (const row of scanPeriod(db, historyFrom, to)) {
    if (row.principal === null) continue;
    const day = clock(new Date(row.occurred_at)).date;
    if (row.occurred_at < from) {
      const days = history.get(row.principal) ?? new Map<string, number>();
      days.set(day, (days.get(day) ?? 0) + row.personal_records);
      history.set(row.principal, days);
    } else {
      const days = current.get(row.principal) ?? new Map<string, { count: number; department: string | null }>();
      const before = days.get(day);
      days.set(day, { count: (before?.count ?? 0) + row.personal_records, department: row.department });
      current.set(row.principal, days);
    }
  }
  const found: UnusualPersonalRead[] = [];
  for (const [principal, days] of current) {
    const past = [...(history.get(principal)?.values() ?? [])];
    const historyMedian = median(past);
    for (const [day, { count, department }] of days) {
      if (count > factor * historyMedian) {
        found.push({ principal, department, day, personalRecords: count, historyMedian, historyDays: past.length });
      }
    }
  }
  return found.sort((a, b) => a.day.localeCompare(b.day) || a.principal.localeCompare(b.principal));
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** @internal */
export async function conditionalFieldUse(db: Kysely<any>, options: ConditionalFieldUseOptions): Promise<ConditionalFieldUse[]> {
  const [from, to] = period(options);
  const uses: Array<Omit<ConditionalFieldUse, 'flagged' | 'problems'>> = [];
  let after = -1;
  for (;;) {
    const rows = (await db
      .selectFrom(`${SOURCES_TABLE} as s`)
      .innerJoin(`${ENTRIES_TABLE} as e`, 'e.seq', 's.seq')
      .select(['s.seq', 's.ordinal', 's.system', 's.conditional_fields', 's.agreement_ids', 'e.occurred_at', 'e.principal', 'e.department', 'e.purpose'])
      .where('e.occurred_at', '>=', from)
      .where('e.occurred_at', '<', to)
      .where('s.conditional_fields', '<>', '[]')
      // Keyset over (seq, ordinal) folded into one number: ordinals are small.
      .where(sql<boolean>`s.seq * 100000 + s.ordinal > ${after}`)
      .orderBy('s.seq', 'asc')
      .orderBy('s.ordinal', 'asc')
      .limit(PAGE)
      .execute()) as Array<Pick<SourceRow, 'seq' | 'ordinal' | 'system' | 'conditional_fields' | 'agreement_ids'> & Pick<EntryRow, 'occurred_at' | 'principal' | 'department' | 'purpose'>>;
    if (rows.length === 0) break;
    for (const row of rows) {
      uses.push({
        seq: Number(row.seq),
        occurredAt: row.occurred_at,
        principal: row.principal,
        department: row.department,
        purpose: row.purpose,
        system: row.system,
        fields: parseList(row.conditional_fields),
        agreementIds: parseList(row.agreement_ids),
      });
    }
    const lastRow = rows[rows.length - 1]!;
    after = Number(lastRow.seq) * 100000 + Number(lastRow.ordinal);
  }
  const ids = [...new Set(uses.flatMap((use) => use.agreementIds))];
  const agreements = new Map<string, AuditAgreementView>();
  if (options.agreements !== undefined && ids.length > 0) {
    for (const agreement of await options.agreements(ids)) agreements.set(agreement.id, agreement);
  }
  return uses.map((use) => {
    const problems: string[] = [];
    if (use.agreementIds.length === 0) {
      problems.push(`conditional fields ${use.fields.join(', ')} were read without any agreement id`);
    } else if (options.agreements !== undefined) {
      const at = new Date(use.occurredAt);
      const known = use.agreementIds.flatMap((id) => {
        const agreement = agreements.get(id);
        if (agreement === undefined) problems.push(`agreement ${id} is unknown`);
        return agreement === undefined ? [] : [agreement];
      });
      for (const field of use.fields) {
        const [typeName, fieldName] = splitField(field);
        const covering = known.filter((agreement) => agreement.typeName === typeName && agreement.fields.includes(fieldName));
        if (covering.length === 0) {
          problems.push(`field ${field} is not granted by agreement ${use.agreementIds.join(', ')}`);
          continue;
        }
        const reasons = covering.map((agreement) => whyNotInForce(agreement, use.department, use.purpose, at));
        if (reasons.includes(undefined)) continue;
        problems.push(`field ${field}: agreement ${covering[0]!.id} ${reasons[0]}`);
      }
    }
    return { ...use, flagged: problems.length > 0, problems };
  });
}

// Private: why an agreement did not allow a use by `department` for `purpose` at `at`, or undefined if it did.
function whyNotInForce(agreement: AuditAgreementView, department: string | null, purpose: string | null, at: Date): string | undefined {
  if (agreement.requesterDepartment !== department) return `is for department ${agreement.requesterDepartment}, not ${department}`;
  if (agreement.purpose !== purpose) return `is for purpose ${agreement.purpose}, not ${purpose}`;
  if (agreement.status === 'pending' || agreement.status === 'rejected') return `was never approved (${agreement.status})`;
  if (agreement.decidedAt != null && agreement.decidedAt > at) return `was approved only at ${agreement.decidedAt.toISOString()}`;
  if (agreement.revokedAt != null && agreement.revokedAt <= at) return `was revoked at ${agreement.revokedAt.toISOString()}`;
  if (at < agreement.validFrom || at >= agreement.validUntil) return `was not in force at ${at.toISOString()}`;
  return undefined;
}

function splitField(field: string): [string, string] {
  const dot = field.indexOf('.');
  return dot < 0 ? ['', field] : [field.slice(0, dot), field.slice(dot + 1)];
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
