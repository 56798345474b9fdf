import { sql, type Kysely } from 'kysely';
import type { AuditEntry, AuditOutcome, AuditSourceAccess } from './audit-entry.ts';
import {
  ENTRIES_TABLE,
  PERSONAL_KEYS_TABLE,
  SOURCES_TABLE,
  type EntryRow,
  type PersonalKeyRow,
  type SourceRow,
} from './audit-tables.ts';
import { AUDIT_GENESIS_HASH, hashAuditEntry } from './hash-audit-entry.ts';
import type { AuditDialect } from './migrate-audit-log.ts';
import type { NormalizedAuditEntry } from './normalize-audit-entry.ts';
import { extendFrontier, insertTreeNodes, readFrontier } from './audit-tree-store.ts';
import type { MerkleFrontier } from './merkle-tree.ts';

/**
 * The writer's Merkle tree state across batches. @internal
 *
 * `cached` is the frontier after the last batch this writer committed, with the head it
 * belongs to; it is used only when the chain's head is still that entry (no other writer
 * extended the chain since), else the frontier is read from the store.
 */
export interface AuditTreeWriterState {
  /** Keep no tree: the chain alone (benchmarks comparing the tree's cost only). */
  readonly off?: boolean;
  cached?: { readonly seq: number; readonly hash: string; readonly frontier: MerkleFrontier };
  /** Called inside the transaction, under the chain lock, with the extended tree; may insert a checkpoint. */
  readonly onExtended?: (connection: Kysely<any>, frontier: MerkleFrontier) => Promise<void>;
}

// Private: the two 32-bit keys of the PostgreSQL advisory lock that serialises chain extension
// ('city', 'audi' in ASCII). Every writer of every replica takes it inside its transaction.
const CHAIN_LOCK = [0x63697479, 0x61756469] as const;
// Private: rows per INSERT statement, far below SQLite's 32766 and PostgreSQL's 65535 parameters.
const INSERT_CHUNK = 500;

/**
 * Appends `items` to the chain in one transaction and returns them as stored. The transaction
 * takes the chain lock first (PostgreSQL: a transaction-scoped advisory lock; SQLite:
 * `BEGIN IMMEDIATE`, the database write lock), then reads the last entry, so concurrent
 * writers on any number of connections or processes extend one chain. @internal
 */
export async function writeAuditBatch(
  db: Kysely<any>,
  dialect: AuditDialect,
  items: readonly NormalizedAuditEntry[],
  tree: AuditTreeWriterState = {},
): Promise<AuditEntry[]> {
  const [entries, frontier] = await withChainLock(db, dialect, async (connection) => {
    const last = await connection.selectFrom(ENTRIES_TABLE).select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let seq = last === undefined ? 0 : Number(last.seq);
    let prevHash: string = last === undefined ? AUDIT_GENESIS_HASH : last.hash;
    const cached = tree.cached;
    const frontier = tree.off ? undefined : cached !== undefined && cached.seq === seq && cached.hash === prevHash ? cached.frontier.clone() : await readFrontier(connection, seq);
    const entries = items.map((item) => {
      const unhashed = { ...item, seq: ++seq, prevHash };
      const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };
      prevHash = entry.hash;
      return entry;
    });
    const nodeRows = frontier === undefined ? [] : extendFrontier(
      frontier,
      entries.map((entry) => entry.hash),
    );
    const entryRows = entries.map(toEntryRow);
    const sourceRows = entries.flatMap((entry) => entry.sources.map((source, ordinal) => toSourceRow(entry.seq, ordinal, source)));
    const keyRows = entries.flatMap((entry) =>
      entry.sources.flatMap((source, sourceOrdinal) =>
        source.personalKeys.map((key, ordinal) => ({ seq: entry.seq, source_ordinal: sourceOrdinal, ordinal, personal_key: key })),
      ),
    );
    for (const [table, rows] of [
      [ENTRIES_TABLE, entryRows],
      [SOURCES_TABLE, sourceRows],
      [PERSONAL_KEYS_TABLE, keyRows],
    ] as const) {
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        await connection.insertInto(table).values(rows.slice(start, start + INSERT_CHUNK)).execute();
      }
    }
    // The tree's nodes go in with the entries, under the same lock, so replicas extend one tree.
    await insertTreeNodes(connection, nodeRows);
    if (frontier !== undefined) await tree.onExtended?.(connection, frontier);
    return [entries, frontier] as const;
  });
  const head = entries[entries.length - 1];
  if (head !== undefined && frontier !== undefined) tree.cached = { seq: head.seq, hash: head.hash, frontier };
  return entries;
}

/**
 * Runs `task` in a transaction that holds the chain lock (PostgreSQL: a transaction-scoped
 * advisory lock; SQLite: `BEGIN IMMEDIATE`, the database write lock), committing when it
 * resolves and rolling back when it throws. @internal
 */
export async function withChainLock<T>(db: Kysely<any>, dialect: AuditDialect, task: (connection: Kysely<any>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql.raw(dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(connection);
    try {
      if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK[0]}, ${CHAIN_LOCK[1]})`.execute(connection);
      const result = await task(connection);
      await sql.raw('COMMIT').execute(connection);
      return result;
    } catch (error) {
      // The rollback may fail too (a dead connection); the original error is the one that matters.
      await sql
        .raw('ROLLBACK')
        .execute(connection)
        .catch(() => undefined);
      throw error;
    }
  });
}

/** The last entry's seq and hash, or `undefined` when the log is empty. @internal */
export async function readChainHead(db: Kysely<any>): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db.selectFrom(ENTRIES_TABLE).select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}

/**
 * Reads up to `limit` entries with `seq > afterSeq`, in seq order, rebuilt from all three
 * tables. @internal
 */
export async function readEntriesAfter(db: Kysely<any>, afterSeq: number, limit: number): Promise<AuditEntry[]> {
  const rows = (await db
    .selectFrom(ENTRIES_TABLE)
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute()) as EntryRow[];
  if (rows.length === 0) return [];
  const low = Number(rows[0]!.seq);
  const high = Number(rows[rows.length - 1]!.seq);
  return assemble(db, rows, (query) => query.where('seq', '>=', low).where('seq', '<=', high));
}

/** Reads the entries with the given seqs, in the order given (missing seqs are skipped). @internal */
export async function readEntriesBySeq(db: Kysely<any>, seqs: readonly number[]): Promise<AuditEntry[]> {
  if (seqs.length === 0) return [];
  const rows = (await db.selectFrom(ENTRIES_TABLE).selectAll().where('seq', 'in', seqs).execute()) as EntryRow[];
  const entries = await assemble(db, rows, (query) => query.where('seq', 'in', seqs));
  const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
  return seqs.flatMap((seq) => bySeq.get(seq) ?? []);
}

async function assemble(db: Kysely<any>, rows: EntryRow[], scope: <Q extends { where: any }>(query: Q) => Q): Promise<AuditEntry[]> {
  const sourceRows = (await scope(db.selectFrom(SOURCES_TABLE).selectAll()).execute()) as SourceRow[];
  const keyRows = (await scope(db.selectFrom(PERSONAL_KEYS_TABLE).selectAll()).execute()) as PersonalKeyRow[];
  // Keys are grouped by seq and source ordinal, and ordered by their ordinal, as appended.
  const keys = new Map<string, Array<[number, string]>>();
  for (const row of keyRows) {
    const id = `${Number(row.seq)}:${Number(row.source_ordinal)}`;
    const list = keys.get(id) ?? [];
    list.push([Number(row.ordinal), row.personal_key]);
    keys.set(id, list);
  }
  const sources = new Map<number, Array<[number, AuditSourceAccess]>>();
  for (const row of sourceRows) {
    const seq = Number(row.seq);
    const ordinal = Number(row.ordinal);
    const personalKeys = (keys.get(`${seq}:${ordinal}`) ?? []).sort((a, b) => a[0] - b[0]).map(([, key]) => key);
    const list = sources.get(seq) ?? [];
    list.push([ordinal, fromSourceRow(row, personalKeys)]);
    sources.set(seq, list);
  }
  return rows.map((row) => {
    const seq = Number(row.seq);
    const list = (sources.get(seq) ?? []).sort((a, b) => a[0] - b[0]).map(([, source]) => source);
    return fromEntryRow(row, list);
  });
}

function toEntryRow(entry: AuditEntry): EntryRow {
  return {
    seq: entry.seq,
    prev_hash: entry.prevHash,
    hash: entry.hash,
    occurred_at: entry.occurredAt,
    request_id: entry.requestId,
    principal: entry.principal,
    department: entry.department,
    purpose: entry.purpose,
    operation_name: entry.operationName,
    operation_hash: entry.operationHash,
    outcome: entry.outcome,
    error_code: entry.errorCode,
    latency_ms: entry.latencyMs,
    jurisdictions: entry.jurisdictions === undefined ? null : JSON.stringify(entry.jurisdictions),
    agreement_actions: entry.agreementActions === undefined ? null : JSON.stringify(entry.agreementActions),
    entries_returned: entry.entriesReturned === undefined ? null : JSON.stringify(entry.entriesReturned),
  };
}

function toSourceRow(seq: number, ordinal: number, source: AuditSourceAccess): SourceRow {
  return {
    seq,
    ordinal,
    system: source.system,
    fields_read: JSON.stringify(source.fieldsRead),
    rows_returned: source.rowsReturned,
    rows_filtered: source.rowsFiltered,
    fields_masked: JSON.stringify(source.fieldsMasked),
    fields_denied: JSON.stringify(source.fieldsDenied),
    conditional_fields: JSON.stringify(source.conditionalFields),
    agreement_ids: JSON.stringify(source.agreementIds),
    outcome: source.outcome,
    latency_ms: source.latencyMs,
    keys_denied: source.keysDenied === undefined ? null : JSON.stringify(source.keysDenied),
  };
}

/** Rebuilds an entry from its row; a row edited outside the hub is rebuilt as found, so its hash fails. @internal */
export function fromEntryRow(row: EntryRow, sources: readonly AuditSourceAccess[]): AuditEntry {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    requestId: row.request_id,
    principal: row.principal,
    department: row.department,
    purpose: row.purpose,
    operationName: row.operation_name,
    operationHash: row.operation_hash,
    outcome: row.outcome as AuditOutcome,
    errorCode: row.error_code,
    latencyMs: Number(row.latency_ms),
    sources,
    // Entry format 2: a NULL column is an absent field, as in every entry written before it.
    ...(isPresent(row.jurisdictions) ? { jurisdictions: listColumn(row.jurisdictions) } : {}),
    ...(isPresent(row.agreement_actions) ? { agreementActions: json(row.agreement_actions) as AuditEntry['agreementActions'] } : {}),
    ...(isPresent(row.entries_returned) ? { entriesReturned: json(row.entries_returned) as AuditEntry['entriesReturned'] } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function fromSourceRow(row: SourceRow, personalKeys: string[]): AuditSourceAccess {
  return {
    system: row.system,
    fieldsRead: listColumn(row.fields_read),
    rowsReturned: Number(row.rows_returned),
    personalKeys,
    rowsFiltered: Number(row.rows_filtered),
    fieldsMasked: listColumn(row.fields_masked),
    fieldsDenied: listColumn(row.fields_denied),
    conditionalFields: listColumn(row.conditional_fields),
    agreementIds: listColumn(row.agreement_ids),
    outcome: row.outcome as AuditOutcome,
    latencyMs: Number(row.latency_ms),
    ...(isPresent(row.keys_denied) ? { keysDenied: listColumn(row.keys_denied) } : {}),
  };
}

function isPresent(column: string | null | undefined): column is string {
  return column !== null && column !== undefined;
}

// Private: a JSON column as stored; text that is not JSON is kept as a string, so the entry's hash no longer matches.
function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return `<unreadable: ${text}>`;
  }
}

/**
 * A list column as stored; text that is not a JSON array of strings is kept as a one-element
 * list holding the raw text, so the entry's hash no longer matches. @internal
 */
export function listColumn(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  } catch {
    // fall through
  }
  return [`<unreadable: ${text}>`];
}
