import type { AuditCheckpoint, AuditEntry } from './audit-entry.ts';
import type { AuditCheckpointReport } from './audit-evidence.ts';
import { AUDIT_GENESIS_HASH, hashAuditEntry } from './hash-audit-entry.ts';

/**
 * Why a chain is broken, in the words an auditor would use:
 * - `edited`: an entry's content (or its recorded predecessor hash) was changed, with or
 *   without recomputing its hash;
 * - `deleted`: one or more entries are missing (a gap, or later entries renumbered, or the
 *   chain ends before a known anchor);
 * - `reordered`: an entry is out of place (its predecessor or successor appears later);
 * - `inserted`: an entry that is not part of the chain was added (or an entry appears twice);
 * - `malformed`: a stored row or exported line could not be read as an entry;
 * - `forged`: a signed checkpoint does not carry a valid signature of the hub's key (or its
 *   note was altered), or a proof in an export does not verify.
 */
export type AuditBreakReason = 'edited' | 'deleted' | 'reordered' | 'inserted' | 'malformed' | 'forged';

/** The result of walking a chain. */
export interface AuditVerifyReport {
  /** Whether every entry checked is intact and linked to its predecessor. */
  readonly ok: boolean;
  /** Entries verified as intact before the first break (all entries when `ok`). */
  readonly entriesChecked: number;
  /** The last intact entry, to keep as an anchor for the next verification (`null` if none). */
  readonly last: AuditCheckpoint | null;
  /** The seq at which the chain first breaks (absent when `ok`). */
  readonly firstBrokenSeq?: number;
  readonly reason?: AuditBreakReason;
  /** A sentence saying what was found, naming the seqs involved (absent when `ok`). */
  readonly message?: string;
  /**
   * The latest signed checkpoint checked against the entries (absent when there is none, or
   * when only the chain was walked).
   */
  readonly checkpoint?: AuditCheckpointReport;
  /**
   * Entries the log pruned after archiving them (absent when none): `entries` from seq 1 are
   * in the archive of that SHA-256, and `entriesChecked` counts the entries after them.
   */
  readonly pruned?: { readonly entries: number; readonly archiveSha256: string; readonly prunedAt: string };
}

/** Options of {@link verifyAuditChain}. */
export interface VerifyAuditChainOptions {
  /**
   * Where the entries start: the checkpoint just before the first entry, for a partial export.
   * @default `{ seq: 0, hash: AUDIT_GENESIS_HASH }` (the entries start at the genesis)
   */
  readonly after?: AuditCheckpoint;
  /**
   * A checkpoint recorded earlier (a previous report's `last`, kept outside the database). The
   * chain must still hold it, which detects deleted or rewritten entries at the end of the
   * chain, the one change a hash chain cannot reveal by itself.
   * @default no anchor
   */
  readonly anchor?: AuditCheckpoint;
  /** How many entries past the first break are read to classify it. @default 1000 */
  readonly lookahead?: number;
}

/** Thrown by an entry source for a row or line that cannot be read as an entry. @internal */
export class MalformedAuditEntryError extends Error {
  override readonly name = 'MalformedAuditEntryError';
  constructor(
    message: string,
    readonly seq: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Walks entries in their stored order and reports the first broken link, classifying it as
 * edited, deleted, reordered, inserted or malformed. Memory stays bounded: it keeps the
 * hashes of the last `lookahead` entries and, after a break, reads `lookahead` more.
 *
 * The checks per entry are: its seq is the previous seq + 1; its `prevHash` is the previous
 * entry's `hash`; and {@link hashAuditEntry} of its content equals its `hash`.
 *
 * ```ts
 * const report = await verifyAuditChain(entries, { anchor: lastReport.last ?? undefined });
 * if (!report.ok) console.error(`seq ${report.firstBrokenSeq}: ${report.message}`);
 * ```
 */
export async function verifyAuditChain(
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
  options: VerifyAuditChainOptions = {},
): Promise<AuditVerifyReport> {
  const lookahead = options.lookahead ?? 1000;
  if (!Number.isInteger(lookahead) || lookahead < 1) throw new TypeError(`lookahead must be a positive integer, received ${lookahead}`);
  const iterator = toAsyncIterator(entries);
  let last: AuditCheckpoint = options.after ?? { seq: 0, hash: AUDIT_GENESIS_HASH };
  const recent = new Map<string, number>([[last.hash, last.seq]]);
  let checked = 0;
  const broken = (seq: number, reason: AuditBreakReason, message: string): AuditVerifyReport => ({
    ok: false,
    entriesChecked: checked,
    last: checked === 0 ? null : last,
    firstBrokenSeq: seq,
    reason,
    message,
  });
  for (;;) {
    let next: IteratorResult<AuditEntry>;
    try {
      next = await iterator.next();
    } catch (error) {
      if (!(error instanceof MalformedAuditEntryError)) throw error;
      return broken(error.seq ?? last.seq + 1, 'malformed', error.message);
    }
    if (next.done) break;
    const entry = next.value;
    if (entry.seq === last.seq + 1 && entry.prevHash === last.hash && selfHash(entry) === entry.hash) {
      if (options.anchor !== undefined && entry.seq === options.anchor.seq && entry.hash !== options.anchor.hash) {
        return broken(entry.seq, 'edited', `entry ${entry.seq} differs from the anchor recorded for it: the chain was rewritten from here or earlier`);
      }
      last = { seq: entry.seq, hash: entry.hash };
      checked += 1;
      recent.set(entry.hash, entry.seq);
      if (recent.size > lookahead + 1) recent.delete(recent.keys().next().value!);
      continue;
    }
    const ahead: AuditEntry[] = [];
    try {
      while (ahead.length < lookahead) {
        const more = await iterator.next();
        if (more.done) break;
        ahead.push(more.value);
      }
    } catch (error) {
      if (!(error instanceof MalformedAuditEntryError)) throw error;
      // A malformed entry further on does not change what is wrong here.
    }
    const [seq, reason, message] = classify(entry, last, recent, ahead, checked > 0);
    return broken(seq, reason, message);
  }
  if (options.anchor !== undefined && last.seq < options.anchor.seq) {
    return broken(
      last.seq + 1,
      'deleted',
      `the chain ends at seq ${last.seq} but the anchor records seq ${options.anchor.seq}: entries from ${last.seq + 1} were deleted`,
    );
  }
  return { ok: true, entriesChecked: checked, last: checked === 0 ? null : last };
}

// Private: decides what happened at the first entry that does not follow `last`.
function classify(
  entry: AuditEntry,
  last: AuditCheckpoint,
  recent: ReadonlyMap<string, number>,
  ahead: readonly AuditEntry[],
  predecessorVerified: boolean,
): [number, AuditBreakReason, string] {
  const expected = last.seq + 1;
  if (entry.seq > expected) {
    if (ahead.some((other) => other.seq === expected)) {
      return [expected, 'reordered', `entry ${expected} appears after entry ${entry.seq}`];
    }
    const range = entry.seq - 1 === expected ? `entry ${expected} is` : `entries ${expected} to ${entry.seq - 1} are`;
    return [expected, 'deleted', `${range} missing: entry ${entry.seq} follows entry ${last.seq}`];
  }
  if (entry.seq < expected) {
    if (recent.has(entry.hash)) return [entry.seq, 'inserted', `entry ${entry.seq} appears a second time after entry ${last.seq}`];
    return [entry.seq, 'reordered', `entry ${entry.seq} appears after entry ${last.seq}`];
  }
  if (entry.prevHash === last.hash) {
    return [entry.seq, 'edited', `the content of entry ${entry.seq} does not match its hash`];
  }
  if (selfHash({ ...entry, prevHash: last.hash }) === entry.hash) {
    return [entry.seq, 'edited', `the previous-hash field of entry ${entry.seq} was changed`];
  }
  const predecessor = recent.get(entry.prevHash);
  if (predecessor !== undefined && predecessor < last.seq) {
    const range = predecessor + 1 === last.seq ? `entry ${last.seq} is` : `entries ${predecessor + 1} to ${last.seq} are`;
    return [predecessor + 1, 'inserted', `${range} not part of the chain: entry ${entry.seq} was written after entry ${predecessor}`];
  }
  if (ahead.some((other) => other.hash === entry.prevHash)) {
    return [entry.seq, 'reordered', `entry ${entry.seq} is out of place: the entry it was written after appears later`];
  }
  if (ahead.some((other) => other.prevHash === last.hash)) {
    return [entry.seq, 'inserted', `entry ${entry.seq} is not part of the chain: the entry written after entry ${last.seq} appears later`];
  }
  const intact = selfHash(entry) === entry.hash;
  if (!intact) {
    // An entry renumbered down by d still hashes correctly under its original seq.
    for (let gap = 1; gap <= 1000; gap += 1) {
      if (selfHash({ ...entry, seq: entry.seq + gap }) === entry.hash) {
        const count = gap === 1 ? '1 entry' : `${gap} entries`;
        return [entry.seq, 'deleted', `${count} before entry ${entry.seq} (originally ${entry.seq + gap}) were deleted and later entries renumbered`];
      }
    }
    return [entry.seq, 'edited', `entry ${entry.seq} does not match its hash and does not follow entry ${last.seq}`];
  }
  if (predecessorVerified) {
    return [
      last.seq,
      'edited',
      `entry ${last.seq} was rewritten with a recomputed hash: entry ${entry.seq} recorded a different hash for it`,
    ];
  }
  return [entry.seq, 'edited', `entry ${entry.seq} does not follow the start of the verified range`];
}

// Private: an entry's recomputed hash, or '' when its content cannot be canonicalised.
function selfHash(entry: Omit<AuditEntry, 'hash'>): string {
  try {
    return hashAuditEntry(entry);
  } catch {
    return '';
  }
}

function toAsyncIterator<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  const iterator = source[Symbol.iterator]();
  return { next: async () => iterator.next() };
}
