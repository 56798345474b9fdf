import type { Kysely } from 'kysely';
import { GovernanceError } from '../../schema/index.ts';
import type { AuditEntry, AuditOutcome } from './audit-entry.ts';
import { readEntriesBySeq } from './audit-store.ts';
import { ENTRIES_TABLE, PERSONAL_KEYS_TABLE, SOURCES_TABLE } from './audit-tables.ts';

/** What an auditor may search entries by; all given filters must match. */
export interface AuditSearchFilters {
  readonly principal?: string;
  readonly department?: string;
  readonly purpose?: string;
  /** Entries that occurred at or after this time. */
  readonly from?: Date;
  /** Entries that occurred before this time. */
  readonly to?: Date;
  /** Entries that touched this source system (connector id). */
  readonly system?: string;
  /** Entries that returned this personal record key: "who accessed resident X". */
  readonly personalKey?: string;
  readonly outcome?: AuditOutcome;
  readonly requestId?: string;
}

/** Cursor pagination of a search, newest entries first. */
export interface AuditPageOptions {
  /** How many entries to return, from 1 to {@link MAX_AUDIT_PAGE_SIZE}. @default 50 */
  readonly first?: number;
  /** The `endCursor` of the previous page. @default the newest entry */
  readonly after?: string | null;
}

/** One page of search results. */
export interface AuditPage {
  /** Entries in descending seq order (newest first). */
  readonly entries: readonly AuditEntry[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** The default page size of a search. */
export const DEFAULT_AUDIT_PAGE_SIZE = 50;
/** The largest page size of a search. */
export const MAX_AUDIT_PAGE_SIZE = 500;

/** Runs a search. Bad filters or page options reject with a `BAD_USER_INPUT` GovernanceError. @internal */
export async function searchAuditEntries(db: Kysely<any>, filters: AuditSearchFilters, page: AuditPageOptions): Promise<AuditPage> {
  const first = page.first ?? DEFAULT_AUDIT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE_SIZE) {
    throw new GovernanceError(`first must be an integer from 1 to ${MAX_AUDIT_PAGE_SIZE}, received ${first}`, 'BAD_USER_INPUT');
  }
  const before = page.after == null ? undefined : decodeCursor(page.after);
  let query = db.selectFrom(ENTRIES_TABLE).select('seq');
  for (const [filter, column] of [
    ['principal', 'principal'],
    ['department', 'department'],
    ['purpose', 'purpose'],
    ['outcome', 'outcome'],
    ['requestId', 'request_id'],
  ] as const) {
    const value = filters[filter];
    if (value !== undefined) query = query.where(column, '=', value);
  }
  if (filters.from !== undefined) query = query.where('occurred_at', '>=', isoTime(filters.from, 'from'));
  if (filters.to !== undefined) query = query.where('occurred_at', '<', isoTime(filters.to, 'to'));
  if (filters.system !== undefined) {
    query = query.where('seq', 'in', db.selectFrom(SOURCES_TABLE).select('seq').where('system', '=', filters.system));
  }
  if (filters.personalKey !== undefined) {
    query = query.where('seq', 'in', db.selectFrom(PERSONAL_KEYS_TABLE).select('seq').where('personal_key', '=', filters.personalKey));
  }
  if (before !== undefined) query = query.where('seq', '<', before);
  const rows = await query.orderBy('seq', 'desc').limit(first + 1).execute();
  const seqs = rows.slice(0, first).map((row) => Number(row.seq));
  const entries = await readEntriesBySeq(db, seqs);
  const hasNextPage = rows.length > first;
  return { entries, pageInfo: { hasNextPage, endCursor: seqs.length === 0 ? null : encodeCursor(seqs[seqs.length - 1]!) } };
}

/** An ISO string of a valid `Date` argument, or a `BAD_USER_INPUT` GovernanceError naming it. @internal */
export function isoTime(value: unknown, name: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new GovernanceError(`${name} must be a valid date, received ${String(value)}`, 'BAD_USER_INPUT');
  }
  return value.toISOString();
}

function encodeCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^audit:([1-9]\d*)$/.exec(Buffer.from(String(cursor), 'base64url').toString());
  if (match === null) throw new GovernanceError(`after must be a cursor returned by a previous page, received ${JSON.stringify(cursor)}`, 'BAD_USER_INPUT');
  return Number(match[1]);
}
