import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { GovernanceError } from '../../schema/index.ts';
import { isPurpose } from '../identity/purpose.ts';
import type { AuditEntry, AuditOutcome } from './audit-entry.ts';
import { readCheckpoint, type AuditSignedCheckpoint } from './audit-checkpoints.ts';
import { inclusionProofs, type AuditInclusionProof } from './audit-evidence.ts';
import { ENTRIES_TABLE, PERSONAL_KEYS_TABLE, SOURCES_TABLE, type EntryRow, type SourceRow } from './audit-tables.ts';
import { fromEntryRow, listColumn } from './audit-store.ts';
import { createAuditTreeReader } from './audit-tree-store.ts';

/**
 * Purposes a law keeps confidential from the person whose records were read, each with the
 * number of days after the access during which it stays withheld from them.
 *
 * ```ts
 * const confidential: ConfidentialPurposes = { 'criminal-investigation': 180 };
 * ```
 */
export type ConfidentialPurposes = Readonly<Record<string, number>>;

/** The default {@link ConfidentialPurposes}: a criminal investigation is withheld from its subject for 180 days. */
export const DEFAULT_CONFIDENTIAL_PURPOSES: ConfidentialPurposes = Object.freeze({ 'criminal-investigation': 180 });

/** Who a data-subject access report is for. */
export type SubjectReportViewer =
  /** The person themself: accesses of a confidential purpose are withheld until their period ends (only counted). */
  | 'subject'
  /** An auditor: every access, confidential ones marked with the end of their period. */
  | 'auditor';

/** What {@link AuditLog.subjectReport} is asked. */
export interface SubjectReportOptions {
  /** The person (`Person.personId`) whose records' accesses are reported. */
  readonly personId: string;
  readonly viewer: SubjectReportViewer;
  /** How many accesses a page holds, from 1 to {@link MAX_SUBJECT_REPORT_PAGE_SIZE}. @default 100 */
  readonly first?: number;
  /** The `endCursor` of the previous page. @default the newest access */
  readonly after?: string | null;
  /** The moment confidentiality is judged at. @default the log's `clock()` */
  readonly now?: Date;
}

/** One source system's part of an access: the system that returned the person's record, and what it showed of it. */
export interface SubjectAccessSystem {
  readonly system: string;
  /** Every catalogued field the request read from this system (`Type.field`). */
  readonly fieldsRead: readonly string[];
  /** Fields that left masked (`138****5678`). */
  readonly fieldsMasked: readonly string[];
  /** Fields that left in the clear: read, neither masked nor withheld. */
  readonly fieldsInClear: readonly string[];
  /** Fields refused outright. */
  readonly fieldsDenied: readonly string[];
  /** The data-sharing agreements that allowed conditional fields. */
  readonly agreementIds: readonly string[];
  readonly outcome: AuditOutcome;
}

/** One access to the person's records: one audit entry, as it concerns them, with its inclusion proof. */
export interface SubjectAccess extends Pick<AuditEntry, (typeof ACCESS_FIELDS)[number]> {
  /** Only the systems that returned this person's record. */
  readonly systems: readonly SubjectAccessSystem[];
  /** The entry's hash in the chain: its leaf in the Merkle tree is `SHA-256(0x00 || hash bytes)`. */
  readonly entryHash: string;
  /** For an access of a confidential purpose, when it stops being withheld from the person; else `null`. */
  readonly confidentialUntil: string | null;
  /** Its inclusion proof against the report's checkpoint; `null` when that checkpoint does not cover it yet. */
  readonly proof: AuditInclusionProof | null;
}

// Private: the request-level facts of an entry that an access repeats as they are.
const ACCESS_FIELDS = ['seq', 'occurredAt', 'requestId', 'principal', 'department', 'purpose', 'operationName', 'outcome', 'errorCode'] as const;

/** The data-subject access report: every access to one person's records, a page at a time, newest first. */
export interface SubjectAccessReport {
  readonly personId: string;
  readonly viewer: SubjectReportViewer;
  /** When it was drawn up (the moment confidentiality was judged at). */
  readonly generatedAt: string;
  /** The latest signed checkpoint the proofs are against, or `null` when the log has none yet. */
  readonly checkpoint: AuditSignedCheckpoint | null;
  /** Accesses shown to this viewer, over all pages. */
  readonly totalAccesses: number;
  /** Of those, how many the checkpoint does not cover yet (their `proof` is `null` until the next checkpoint). */
  readonly unprovenAccesses: number;
  /** This page, newest first. */
  readonly accesses: readonly SubjectAccess[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  /**
   * Accesses withheld from the person (always 0 for an auditor): how many, and the day (UTC
   * midnight) by which the last of them is shown. Nothing else about them is said.
   */
  readonly withheld: { readonly count: number; readonly until: string | null };
}

/** The default page size of a report. */
export const DEFAULT_SUBJECT_REPORT_PAGE_SIZE = 100;
/** The largest page size of a report. */
export const MAX_SUBJECT_REPORT_PAGE_SIZE = 500;
/** The longest `personId` a report is asked for. */
export const MAX_SUBJECT_PERSON_ID_LENGTH = 128;

const DAY_MS = 86_400_000;

/**
 * Validates {@link ConfidentialPurposes} once: each key a well-formed purpose, each value a
 * positive whole number of days. @internal
 */
export function confidentialPurposesPolicy(value: unknown): ConfidentialPurposes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`confidentialPurposes must be an object of purpose → days, received ${JSON.stringify(value)}`);
  }
  const purposes: Record<string, number> = {};
  for (const [purpose, days] of Object.entries(value)) {
    if (!isPurpose(purpose)) throw new TypeError(`confidentialPurposes: ${JSON.stringify(purpose)} is not a purpose (lowercase words joined by hyphens)`);
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
      throw new TypeError(`confidentialPurposes.${purpose} must be a positive whole number of days, received ${JSON.stringify(days)}`);
    }
    purposes[purpose] = days;
  }
  return Object.freeze(purposes);
}

/**
 * Draws up a data-subject access report from the store. The person's entries are found
 * through the personal-key index (`cityhub_audit_personal_keys (personal_key, seq)`), never by
 * scanning the log; only the sources that returned the person's record are read with each
 * entry, and no other person's key leaves the store. @internal
 */
export async function subjectAccessReport(db: Kysely<any>, confidential: ConfidentialPurposes, options: SubjectReportOptions, now: Date): Promise<SubjectAccessReport> {
  const personId = options.personId;
  if (typeof personId !== 'string' || personId === '' || personId.length > MAX_SUBJECT_PERSON_ID_LENGTH) {
    throw new GovernanceError(`personId must be a non-empty string of at most ${MAX_SUBJECT_PERSON_ID_LENGTH} characters, received ${JSON.stringify(String(personId).slice(0, 80))}`, 'BAD_USER_INPUT');
  }
  if (options.viewer !== 'subject' && options.viewer !== 'auditor') throw new TypeError(`viewer must be "subject" or "auditor", received ${JSON.stringify(options.viewer)}`);
  const first = options.first ?? DEFAULT_SUBJECT_REPORT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_SUBJECT_REPORT_PAGE_SIZE) {
    throw new GovernanceError(`first must be an integer from 1 to ${MAX_SUBJECT_REPORT_PAGE_SIZE}, received ${first}`, 'BAD_USER_INPUT');
  }
  const before = options.after == null ? undefined : decodeCursor(options.after);
  const periods = Object.entries(confidential);
  // An access is confidential still when its purpose is one of these and it is younger than the period.
  const stillConfidential = (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    eb.or(periods.map(([purpose, days]) => eb.and([eb('purpose', '=', purpose), eb('occurred_at', '>', new Date(now.getTime() - days * DAY_MS).toISOString())])));
  const ofPerson = () => {
    const query = subjectEntries(db, personId);
    return options.viewer === 'subject' && periods.length > 0 ? query.where((eb) => eb.not(stillConfidential(eb))) : query;
  };

  const checkpoint = (await readCheckpoint(db)) ?? null;
  const covered = checkpoint?.treeSize ?? 0;
  const counts = await ofPerson()
    .select((eb) => [eb.fn.countAll().as('total'), eb.fn.sum(eb.case().when('seq', '>', covered).then(1).else(0).end()).as('unproven')])
    .executeTakeFirstOrThrow();
  let page = ofPerson().select('seq');
  if (before !== undefined) page = page.where('seq', '<', before);
  const seqRows = await page.orderBy('seq', 'desc').limit(first + 1).execute();
  const seqs = seqRows.slice(0, first).map((row) => Number(row.seq));
  const accesses = await readAccesses(db, personId, seqs, confidential, checkpoint);
  const withheld = options.viewer === 'subject' && periods.length > 0 ? await withheldAccesses(db, personId, confidential, stillConfidential) : { count: 0, until: null };
  return {
    personId,
    viewer: options.viewer,
    generatedAt: now.toISOString(),
    checkpoint,
    totalAccesses: Number(counts.total),
    unprovenAccesses: Number(counts.unproven ?? 0),
    accesses,
    pageInfo: { hasNextPage: seqRows.length > first, endCursor: seqs.length === 0 ? null : encodeCursor(seqs[seqs.length - 1]!) },
    withheld,
  };
}

/**
 * The entries that returned `personId`'s record: a lookup in the personal-key index
 * `(personal_key, seq)`, then the entries by primary key. @internal
 */
export function subjectEntries(db: Kysely<any>, personId: string) {
  return db.selectFrom(ENTRIES_TABLE).where('seq', 'in', db.selectFrom(PERSONAL_KEYS_TABLE).select('seq').where('personal_key', '=', personId));
}

// Private: the entries of `seqs` (in that order) as they concern the person, with their proofs.
async function readAccesses(
  db: Kysely<any>,
  personId: string,
  seqs: readonly number[],
  confidential: ConfidentialPurposes,
  checkpoint: AuditSignedCheckpoint | null,
): Promise<SubjectAccess[]> {
  if (seqs.length === 0) return [];
  const entryRows = (await db.selectFrom(ENTRIES_TABLE).selectAll().where('seq', 'in', seqs).execute()) as EntryRow[];
  // The sources that returned the person's record: only their rows are read.
  const keyRows = await db
    .selectFrom(PERSONAL_KEYS_TABLE)
    .select(['seq', 'source_ordinal'])
    .where('personal_key', '=', personId)
    .where('seq', 'in', seqs)
    .execute();
  const returned = new Set(keyRows.map((row) => `${Number(row.seq)}:${Number(row.source_ordinal)}`));
  const sourceRows = (await db.selectFrom(SOURCES_TABLE).selectAll().where('seq', 'in', seqs).orderBy('seq').orderBy('ordinal').execute()) as SourceRow[];
  const systems = new Map<number, SubjectAccessSystem[]>();
  for (const row of sourceRows) {
    const seq = Number(row.seq);
    if (!returned.has(`${seq}:${Number(row.ordinal)}`)) continue;
    const list = systems.get(seq) ?? [];
    list.push(systemOf(row));
    systems.set(seq, list);
  }
  const covered = checkpoint === null ? [] : seqs.filter((seq) => seq <= checkpoint.treeSize);
  const proofs = new Map((checkpoint === null ? [] : await inclusionProofs(createAuditTreeReader(db), db, covered, checkpoint.treeSize)).map((proof) => [proof.seq, proof]));
  const bySeq = new Map(entryRows.map((row) => [Number(row.seq), row]));
  return seqs.flatMap((seq) => {
    const row = bySeq.get(seq);
    if (row === undefined) return [];
    const entry = fromEntryRow(row, []);
    const days = entry.purpose === null ? undefined : confidential[entry.purpose];
    return [
      {
        ...Object.fromEntries(ACCESS_FIELDS.map((field) => [field, entry[field]])) as Pick<AuditEntry, (typeof ACCESS_FIELDS)[number]>,
        systems: systems.get(seq) ?? [],
        entryHash: entry.hash,
        confidentialUntil: days === undefined ? null : new Date(Date.parse(entry.occurredAt) + days * DAY_MS).toISOString(),
        proof: proofs.get(seq) ?? null,
      },
    ];
  });
}

// Private: how many of the person's accesses are still confidential, and the UTC midnight by
// which the last is shown (a day, not the moment, so it does not give away when it happened).
async function withheldAccesses(
  db: Kysely<any>,
  personId: string,
  confidential: ConfidentialPurposes,
  stillConfidential: (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>,
): Promise<{ count: number; until: string | null }> {
  const rows = await subjectEntries(db, personId)
    .where(stillConfidential)
    .select((eb) => ['purpose', eb.fn.countAll().as('n'), eb.fn.max('occurred_at').as('latest')])
    .groupBy('purpose')
    .execute();
  let count = 0;
  let until = 0;
  for (const row of rows) {
    count += Number(row.n);
    until = Math.max(until, Date.parse(String(row.latest)) + confidential[String(row.purpose)]! * DAY_MS);
  }
  return { count, until: count === 0 ? null : new Date(Math.ceil(until / DAY_MS) * DAY_MS).toISOString() };
}

function systemOf(row: SourceRow): SubjectAccessSystem {
  const fieldsRead = listColumn(row.fields_read);
  const fieldsMasked = listColumn(row.fields_masked);
  const fieldsDenied = listColumn(row.fields_denied);
  return {
    system: row.system,
    fieldsRead,
    fieldsMasked,
    fieldsInClear: fieldsRead.filter((field) => !fieldsMasked.includes(field) && !fieldsDenied.includes(field)),
    fieldsDenied,
    agreementIds: listColumn(row.agreement_ids),
    outcome: row.outcome as AuditOutcome,
  };
}

function encodeCursor(seq: number): string {
  return Buffer.from(`subject:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^subject:([1-9]\d*)$/.exec(Buffer.from(String(cursor), 'base64url').toString());
  if (match === null) throw new GovernanceError(`after must be a cursor returned by a previous page of the report, received ${JSON.stringify(String(cursor).slice(0, 80))}`, 'BAD_USER_INPUT');
  return Number(match[1]);
}
