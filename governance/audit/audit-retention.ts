import type { Kysely } from 'kysely';
import { CHECKPOINTS_TABLE, ENTRIES_TABLE, PERSONAL_KEYS_TABLE, PRUNED_TABLE, SOURCES_TABLE, type PrunedRow } from './audit-tables.ts';
import type { AuditCheckpoint } from './audit-entry.ts';
import { MerkleFrontier, perfectBlocks } from './merkle-tree.ts';

/**
 * What the log keeps of entries it pruned (they are in an archive): enough for the tree and
 * the chain of the entries that remain to verify against the signed checkpoints.
 */
export interface AuditPrunedPrefix {
  /** Entries 1 to `entries` were pruned: the log starts after seq `entries`. */
  readonly entries: number;
  /** The hash of entry `entries`, which the next entry's `prevHash` must equal. */
  readonly lastHash: string;
  /** The Merkle frontier of the first `entries` leaves (hex, the subtrees of `perfectBlocks(0, entries)`). */
  readonly frontier: readonly string[];
  /** The inclusion proof of entry `entries` in the checkpoint of that size (hex), binding `lastHash` to it. */
  readonly lastInclusion: readonly string[];
  /** SHA-256 (hex) of the archive (an evidence export) that holds the pruned entries. */
  readonly archiveSha256: string;
  readonly prunedAt: string;
}

/** The start of an evidence export that does not begin at the genesis. @internal */
export interface EvidenceStart extends AuditCheckpoint {
  readonly frontier: readonly string[];
  readonly inclusion: readonly string[];
}

/** The latest pruning, or `undefined` when nothing was pruned. @internal */
export async function readPrunedPrefix(db: Kysely<any>): Promise<AuditPrunedPrefix | undefined> {
  const row = (await db.selectFrom(PRUNED_TABLE).selectAll().orderBy('pruned_through', 'desc').limit(1).executeTakeFirst()) as PrunedRow | undefined;
  if (row === undefined) return undefined;
  return {
    entries: Number(row.pruned_through),
    lastHash: row.last_hash,
    frontier: hexList(row.frontier, 'frontier', Number(row.pruned_through)),
    lastInclusion: hexList(row.last_inclusion, 'last_inclusion', Number(row.pruned_through)),
    archiveSha256: row.archive_sha256,
    prunedAt: row.pruned_at,
  };
}

/** The pruned prefix's frontier as a tree to extend. @internal */
export function prunedFrontier(pruned: AuditPrunedPrefix | undefined): MerkleFrontier {
  if (pruned === undefined) return new MerkleFrontier();
  return new MerkleFrontier(
    pruned.entries,
    pruned.frontier.map((hash) => Buffer.from(hash, 'hex')),
  );
}

/** The pruned prefix's subtrees by `nodeKey` (`start:end`), for the proofs that need them. @internal */
export function prunedSubtrees(pruned: AuditPrunedPrefix | undefined): Map<string, Buffer> {
  const subtrees = new Map<string, Buffer>();
  if (pruned === undefined) return subtrees;
  perfectBlocks(0, pruned.entries).forEach(([start, end], index) => subtrees.set(`${start}:${end}`, Buffer.from(pruned.frontier[index]!, 'hex')));
  return subtrees;
}

/**
 * The checkpoint an archive of the entries expired before `before` ends at: the largest
 * checkpoint past the pruned prefix whose entries all occurred before `before` (entries are
 * archived and pruned a checkpoint at a time, so a verifier always has a signed root at the
 * boundary). `undefined` when no checkpoint qualifies yet. @internal
 */
export async function expiredBoundary(db: Kysely<any>, before: Date, prunedThrough: number): Promise<number | undefined> {
  // The first entry past the prefix that has not expired bounds what may go.
  const kept = await db
    .selectFrom(ENTRIES_TABLE)
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('seq', '>', prunedThrough)
    .where('occurred_at', '>=', before.toISOString())
    .executeTakeFirst();
  let query = db.selectFrom(CHECKPOINTS_TABLE).select((eb) => eb.fn.max('tree_size').as('size')).where('tree_size', '>', prunedThrough);
  if (kept?.seq != null) query = query.where('tree_size', '<', Number(kept.seq));
  const row = await query.executeTakeFirst();
  return row?.size == null ? undefined : Number(row.size);
}

/** The latest `occurredAt` of entries `(after, through]`, or `undefined` when there are none. @internal */
export async function latestOccurrence(db: Kysely<any>, after: number, through: number): Promise<string | undefined> {
  const row = await db
    .selectFrom(ENTRIES_TABLE)
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .where('seq', '>', after)
    .where('seq', '<=', through)
    .executeTakeFirst();
  return row?.at == null ? undefined : String(row.at);
}

/** Records a pruning, then deletes its entries from the three entry tables (the triggers allow exactly those). @internal */
export async function recordAndDeletePruned(db: Kysely<any>, row: PrunedRow): Promise<void> {
  await db.insertInto(PRUNED_TABLE).values(row).execute();
  for (const table of [PERSONAL_KEYS_TABLE, SOURCES_TABLE, ENTRIES_TABLE]) {
    await db.deleteFrom(table).where('seq', '<=', row.pruned_through).execute();
  }
}

/**
 * Parses a retention period: a positive whole number of days, as `CITYHUB_AUDIT_RETENTION_DAYS`
 * holds it. Throws a `TypeError` naming `where` and the value.
 */
export function parseRetentionDays(value: unknown, where = 'the retention period'): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new TypeError(`${where} must be a positive whole number of days, received ${JSON.stringify(value)}`);
  }
  return Number(text);
}

function hexList(text: string, column: string, seq: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && /^[0-9a-f]{64}$/.test(item))) {
    throw new TypeError(`the record of entries pruned through seq ${seq} has an unreadable ${column}: the table ${PRUNED_TABLE} was altered`);
  }
  return value;
}
