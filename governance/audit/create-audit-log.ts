import type { Kysely } from 'kysely';
import { GovernanceError } from '../../schema/index.ts';
import type { AuditCheckpoint, AuditEntry, AuditEntryInput } from './audit-entry.ts';
import {
  accessesByDepartmentAndPurpose,
  accessesOutsideOfficeHours,
  conditionalFieldUse,
  unusualPersonalReads,
  type AuditPeriod,
  type ConditionalFieldUse,
  type ConditionalFieldUseOptions,
  type DepartmentPurposeAccesses,
  type OfficeHoursReportOptions,
  type OutOfHoursAccess,
  type UnusualPersonalRead,
  type UnusualPersonalReadsOptions,
} from './audit-reports.ts';
import { readChainHead, readEntriesAfter, readEntriesBySeq, withChainLock, writeAuditBatch, type AuditTreeWriterState } from './audit-store.ts';
import { expiredBoundary, latestOccurrence, readPrunedPrefix, recordAndDeletePruned, type AuditPrunedPrefix } from './audit-retention.ts';
import { verifyEvidenceExport } from './evidence-export.ts';
import { perfectBlocks } from './merkle-tree.ts';
import {
  checkpointPolicy,
  CheckpointIssuer,
  insertCosignature,
  readCheckpoint,
  readCheckpoints,
  type AuditCheckpointOptions,
  type AuditSignedCheckpoint,
} from './audit-checkpoints.ts';
import { consistencyProof, inclusionProofs, verifyAuditTree, type AuditConsistencyProof, type AuditInclusionProof } from './audit-evidence.ts';
import { createAuditTreeReader, readFrontier } from './audit-tree-store.ts';
import { toEvidenceLines } from './evidence-export.ts';
import { noteSignedBy, parseNoteVerifier, parseSignedNote, type NoteSigner, type NoteVerifier } from './signed-note.ts';
import { toCsv, toJsonLines, type AuditExportOptions } from './export-audit-log.ts';
import { validDialect, type AuditDialect } from './migrate-audit-log.ts';
import { normalizeAuditEntry, type NormalizedAuditEntry } from './normalize-audit-entry.ts';
import { searchAuditEntries, type AuditPage, type AuditPageOptions, type AuditSearchFilters } from './search-audit-log.ts';
import { sqliteFilePath, withSqliteFileLock } from './sqlite-file-lock.ts';
import { verifyAuditChain, type AuditVerifyReport } from './verify-audit-chain.ts';
import {
  confidentialPurposesPolicy,
  DEFAULT_CONFIDENTIAL_PURPOSES,
  subjectAccessReport,
  type ConfidentialPurposes,
  type SubjectAccessReport,
  type SubjectReportOptions,
} from './subject-access-report.ts';

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  /** The database holding the audit tables (migrated with `migrateAuditLog`). */
  readonly db: Kysely<any>;
  readonly dialect: AuditDialect;
  /** The most entries committed in one transaction. @default 256 */
  readonly batchMaxSize?: number;
  /**
   * How long a first entry waits for others before its batch is written, when no batch is
   * being written (while one is, entries queue anyway and go in the next). @default 2
   */
  readonly batchMaxDelayMs?: number;
  /**
   * How long `append` waits for its batch to commit before it rejects with `AUDIT_UNAVAILABLE`
   * (the batch may still commit later: an entry for a response that was withheld is harmless,
   * the reverse never happens). @default 10000
   */
  readonly commitTimeoutMs?: number;
  /** Where `occurredAt` comes from when an input has none. @default () => new Date() */
  readonly clock?: () => Date;
  /**
   * Signed checkpoints of the log's Merkle tree (the tree itself is always kept). Without a
   * signer none are issued, and `verify` checks the tree against the entries only.
   * @default no checkpoints
   */
  readonly checkpoints?: AuditCheckpointOptions;
  /**
   * Purposes a law keeps confidential from the person whose records were read, with the days
   * after the access they stay so: {@link AuditLog.subjectReport} withholds such accesses from
   * the person (saying only how many, and until when) and shows them to auditors.
   * @default DEFAULT_CONFIDENTIAL_PURPOSES ({ 'criminal-investigation': 180 })
   */
  readonly confidentialPurposes?: ConfidentialPurposes;
  /**
   * `false` keeps the hash chain alone, without the Merkle tree: for benchmarks comparing the
   * tree's cost only (such a log cannot have checkpoints, and its `verify` reports the tree
   * table as altered). @default true
   */
  readonly merkleTree?: boolean;
}

/** Options of {@link AuditLog.verify}. */
export interface AuditLogVerifyOptions {
  /**
   * A checkpoint recorded earlier outside the database (a previous report's `last`); the
   * chain must still hold it. @default the last entry this log instance committed, if any
   */
  readonly anchor?: AuditCheckpoint;
  /**
   * The keys checkpoints are checked with, the hub's first; a checkpoint without a valid
   * signature of the first is reported `forged`, and the report names every key that signed
   * the latest. @default the verifier key of `checkpoints.signer`, if any
   */
  readonly verifiers?: readonly NoteVerifier[];
}

/** Options of {@link AuditLog.exportEvidence}. */
export interface AuditEvidenceOptions {
  /** End at this checkpoint: its entries only, proved against it (an archive). @default the latest checkpoint, every entry */
  readonly throughTreeSize?: number;
}

/** Options of {@link AuditLog.prune}. */
export interface AuditPruneOptions {
  /** The archive's lines, as `exportEvidence({ throughTreeSize })` wrote them (read back from its file). */
  readonly archive: Iterable<string> | AsyncIterable<string>;
  /** SHA-256 (hex) of the archive file, recorded with the pruning. */
  readonly archiveSha256: string;
  /** The keys the archive and the log are checked with, the hub's first. */
  readonly verifiers: readonly NoteVerifier[];
  /** Only entries that occurred before this may be pruned: now minus the retention period. */
  readonly before: Date;
}

/** What {@link AuditLog.prune} removed: entries `from` to `through`. */
export interface AuditPruneResult {
  readonly from: number;
  readonly through: number;
}

/** Options of {@link AuditLog.cosign}. */
export interface AuditCosignOptions {
  /** The co-signer's key (the Audit Bureau's). */
  readonly signer: NoteSigner;
  /** The hub's verifier key: the checkpoint must carry its valid signature. */
  readonly hub: NoteVerifier;
  /** The checkpoint to co-sign. @default the latest */
  readonly treeSize?: number;
}

/**
 * The hub's audit log: an append-only, hash-chained record of every operation that touched
 * catalogued data, with the auditors' searches, reports and exports.
 */
export interface AuditLog {
  /**
   * Appends an entry and resolves once it is durably committed, with its seq and hashes.
   * Rejects with a `GovernanceError` of code `AUDIT_UNAVAILABLE` when it cannot be committed
   * (the caller must then withhold the response: fail closed), and with a `TypeError` naming
   * the field when the input is invalid.
   */
  append(input: AuditEntryInput): Promise<AuditEntry>;
  /** Writes every queued entry now; resolves when all appends made before it have settled. */
  flush(): Promise<void>;
  /** Flushes, then refuses further appends. Does not close `db`, which the caller owns. */
  close(): Promise<void>;
  /** Walks the whole chain and reports the first broken link. */
  verify(options?: AuditLogVerifyOptions): Promise<AuditVerifyReport>;
  /** The last entry's seq and hash (`null` when empty): keep it outside the database as an anchor. */
  head(): Promise<AuditCheckpoint | null>;
  /** Finds entries, newest first, a page at a time. */
  search(filters?: AuditSearchFilters, page?: AuditPageOptions): Promise<AuditPage>;
  /** Accesses per department and purpose over a period. */
  accessesByDepartmentAndPurpose(period: AuditPeriod): Promise<DepartmentPurposeAccesses[]>;
  /** Entries of a period that occurred outside office hours (see `DEFAULT_OFFICE_HOURS`). */
  accessesOutsideOfficeHours(options: OfficeHoursReportOptions): Promise<OutOfHoursAccess[]>;
  /** Principals' days whose personal-record reads exceed `factor` × their own median day. */
  unusualPersonalReads(options: UnusualPersonalReadsOptions): Promise<UnusualPersonalRead[]>;
  /** Each use of conditional fields, with the agreements that allowed it and any problem flagged. */
  conditionalFieldUse(options: ConditionalFieldUseOptions): Promise<ConditionalFieldUse[]>;
  /** The chain as JSON Lines (one canonical entry per line, `\n`-terminated), for `verifyAuditExport`. */
  exportJsonLines(options?: AuditExportOptions): AsyncIterable<string>;
  /** The chain as RFC 4180 CSV with a header (see `AUDIT_CSV_COLUMNS`), hashes included. */
  exportCsv(options?: AuditExportOptions): AsyncIterable<string>;
  /**
   * Issues a signed checkpoint of the whole tree now, when it grew since the last one, and
   * returns the latest checkpoint (`null` when the log has none). Throws a `TypeError` when
   * the log has no signer.
   */
  checkpoint(): Promise<AuditSignedCheckpoint | null>;
  /** The signed checkpoints with tree sizes in `[from, to]`, oldest first, co-signatures included. */
  checkpoints(range?: { from?: number; to?: number }): Promise<AuditSignedCheckpoint[]>;
  /** The checkpoint of `treeSize` (the latest when omitted), or `null`. */
  latestCheckpoint(treeSize?: number): Promise<AuditSignedCheckpoint | null>;
  /** Inclusion proofs of entries `seqs` in the tree of `treeSize` entries (a checkpoint's size), in the order given. */
  inclusionProofs(seqs: readonly number[], treeSize: number): Promise<AuditInclusionProof[]>;
  /** The consistency proof from the tree of `fromSize` entries to the tree of `toSize`. */
  consistencyProof(fromSize: number, toSize: number): Promise<AuditConsistencyProof>;
  /**
   * Co-signs a checkpoint: checks the hub's signature on it and the chain and tree of the
   * entries it covers against the store, then stores the co-signature and returns the note
   * with it. Rejects with an `Error` saying what failed, storing nothing.
   */
  cosign(options: AuditCosignOptions): Promise<AuditSignedCheckpoint>;
  /**
   * The log as an evidence export (JSON Lines, see governance/audit/README.md): a header,
   * every checkpoint with its consistency proof from the one before, then every entry with
   * its inclusion proof in the latest checkpoint; verify it with `verifyEvidenceExport`.
   */
  exportEvidence(options?: AuditEvidenceOptions): AsyncIterable<string>;
  /** What was pruned (after archiving), or `null` when nothing was. */
  pruned(): Promise<AuditPrunedPrefix | null>;
  /**
   * The checkpoint an archive of the entries that occurred before `before` ends at: the
   * latest past the pruned prefix whose entries all did (`null` when none qualifies yet).
   * Archive with `exportEvidence({ throughTreeSize })`, then `prune`.
   */
  expiredCheckpoint(before: Date): Promise<AuditSignedCheckpoint | null>;
  /**
   * Deletes the entries an archive holds, keeping what the tree and chain of the rest need
   * (the pruned prefix's Merkle frontier, last hash and its inclusion proof, and the archive's
   * digest), so that `verify` still checks every checkpoint. Refuses, deleting nothing, when
   * the archive does not verify with `verifiers` (the hub's key first), does not start where
   * the log now starts, is not this log's (its checkpoint's root or last entry differ), holds
   * entries past its checkpoint, or an entry it holds occurred at or after `before`; or when
   * the log itself does not verify.
   */
  prune(options: AuditPruneOptions): Promise<AuditPruneResult>;
  /**
   * Whether the store answers now: reads the chain's head within `timeoutMs` (default 2000).
   * Never rejects; `/readyz` reports it.
   */
  probe(timeoutMs?: number): Promise<AuditStoreHealth>;
  /**
   * The data-subject access report of one person ("who saw my data"): every entry whose
   * sources returned their record, newest first, with the fields read, masked or in the
   * clear, and each entry's inclusion proof against the latest signed checkpoint. For the
   * `subject` viewer, accesses of a confidential purpose still in their period are withheld
   * and only counted. Bad input rejects with a `BAD_USER_INPUT` GovernanceError.
   */
  subjectReport(options: SubjectReportOptions): Promise<SubjectAccessReport>;
}

/** What {@link AuditLog.probe} found. */
export interface AuditStoreHealth {
  readonly state: 'ready' | 'unavailable';
  /** Why the store is unavailable (absent when ready). */
  readonly message?: string;
}

/** The default of {@link AuditLogOptions.batchMaxSize}. */
export const DEFAULT_AUDIT_BATCH_MAX_SIZE = 256;
/** The default of {@link AuditLogOptions.batchMaxDelayMs}. */
export const DEFAULT_AUDIT_BATCH_MAX_DELAY_MS = 2;
/** The default of {@link AuditLogOptions.commitTimeoutMs}. */
export const DEFAULT_AUDIT_COMMIT_TIMEOUT_MS = 10_000;

const READ_PAGE = 1000;

interface Pending {
  readonly item: NormalizedAuditEntry;
  readonly resolve: (entry: AuditEntry) => void;
  readonly reject: (error: unknown) => void;
  /** The append's own deadline, from the moment it was queued. */
  readonly deadline: NodeJS.Timeout;
}

/**
 * Creates the audit log over a migrated database. Appends are group-committed: concurrent
 * `append` calls are queued and written in one transaction per batch, and each promise
 * resolves when its batch commits, so failing closed costs one disk flush per batch, not
 * per request. Any number of logs, in any number of processes, may write to one database:
 * each batch takes the chain lock (PostgreSQL advisory lock; SQLite write lock) before
 * reading the last hash, so they extend one chain.
 *
 * ```ts
 * await migrateAuditLog({ db, dialect: 'sqlite' });
 * const audit = createAuditLog({ db, dialect: 'sqlite' });
 * const entry = await audit.append({ requestId, principal, department, purpose, … });
 * ```
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  if (typeof options !== 'object' || options === null) throw new TypeError(`createAuditLog needs an options object, received ${String(options)}`);
  const db = options.db;
  if (typeof db !== 'object' || db === null || typeof (db as { connection?: unknown }).connection !== 'function') {
    throw new TypeError(`db must be a Kysely instance, received ${String(db)}`);
  }
  const dialect = validDialect(options.dialect);
  const batchMaxSize = positiveInteger(options.batchMaxSize ?? DEFAULT_AUDIT_BATCH_MAX_SIZE, 'batchMaxSize');
  const batchMaxDelayMs = nonNegativeNumber(options.batchMaxDelayMs ?? DEFAULT_AUDIT_BATCH_MAX_DELAY_MS, 'batchMaxDelayMs');
  const commitTimeoutMs = positiveInteger(options.commitTimeoutMs ?? DEFAULT_AUDIT_COMMIT_TIMEOUT_MS, 'commitTimeoutMs');
  const clock = options.clock ?? (() => new Date());
  if (typeof clock !== 'function') throw new TypeError(`clock must be a function returning a Date, received ${String(clock)}`);
  const issuer = options.checkpoints === undefined ? undefined : { policy: checkpointPolicy(options.checkpoints) };
  const confidential = confidentialPurposesPolicy(options.confidentialPurposes ?? DEFAULT_CONFIDENTIAL_PURPOSES);
  const merkleTree = options.merkleTree ?? true;
  if (typeof merkleTree !== 'boolean') throw new TypeError(`merkleTree must be a boolean, received ${JSON.stringify(merkleTree)}`);
  if (!merkleTree && issuer !== undefined) throw new TypeError('checkpoints need the Merkle tree: merkleTree: false cannot have checkpoints');
  return new AuditLogImpl(db, dialect, batchMaxSize, batchMaxDelayMs, commitTimeoutMs, clock, issuer?.policy, confidential, merkleTree);
}

class AuditLogImpl implements AuditLog {
  readonly #db: Kysely<any>;
  readonly #dialect: AuditDialect;
  readonly #batchMaxSize: number;
  readonly #batchMaxDelayMs: number;
  readonly #commitTimeoutMs: number;
  readonly #clock: () => Date;
  #queue: Pending[] = [];
  #inFlight: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #lastCommitted: AuditCheckpoint | undefined;
  #sqliteFile: Promise<string> | undefined;
  readonly #tree: AuditTreeWriterState;
  readonly #issuer: CheckpointIssuer | undefined;
  readonly #signer: NoteSigner | undefined;
  #checkpointTimer: NodeJS.Timeout | undefined;
  readonly #confidential: ConfidentialPurposes;

  constructor(
    db: Kysely<any>,
    dialect: AuditDialect,
    batchMaxSize: number,
    batchMaxDelayMs: number,
    commitTimeoutMs: number,
    clock: () => Date,
    checkpoints: ReturnType<typeof checkpointPolicy> | undefined,
    confidential: ConfidentialPurposes,
    merkleTree: boolean,
  ) {
    this.#confidential = confidential;
    this.#db = db;
    this.#dialect = dialect;
    this.#batchMaxSize = batchMaxSize;
    this.#batchMaxDelayMs = batchMaxDelayMs;
    this.#commitTimeoutMs = commitTimeoutMs;
    this.#clock = clock;
    const issuer = checkpoints === undefined ? undefined : new CheckpointIssuer(checkpoints, clock);
    this.#issuer = issuer;
    this.#signer = checkpoints?.signer;
    this.#tree = !merkleTree ? { off: true } : issuer === undefined ? {} : { onExtended: (connection, frontier) => issuer.issueIfDue(connection, frontier) };
    if (checkpoints !== undefined) {
      // A quiet log is checkpointed too; a failed attempt is reported and retried at the next tick or batch.
      this.#checkpointTimer = setInterval(() => {
        this.#checkpointNow().catch((error: unknown) => checkpoints.onError(error instanceof Error ? error : new Error(String(error))));
      }, checkpoints.everyMs);
      this.#checkpointTimer.unref();
    }
  }

  append(input: AuditEntryInput): Promise<AuditEntry> {
    if (this.#closed) return Promise.reject(unavailable('the audit log is closed'));
    let item: NormalizedAuditEntry;
    try {
      item = normalizeAuditEntry(input, this.#clock);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AuditEntry>((resolve, reject) => {
      // Every append has its own deadline: one stuck in the queue behind a batch that does
      // not commit (a locked table) fails on time instead of waiting for that batch.
      const pending: Pending = {
        item,
        resolve: (entry) => {
          clearTimeout(pending.deadline);
          resolve(entry);
        },
        reject: (error) => {
          clearTimeout(pending.deadline);
          reject(error);
        },
        deadline: setTimeout(() => {
          const queued = this.#queue.indexOf(pending);
          // A queued entry that missed its deadline is never written.
          if (queued >= 0) this.#queue.splice(queued, 1);
          reject(unavailable(`the audit entry was not committed within ${this.#commitTimeoutMs} ms`));
        }, this.#commitTimeoutMs),
      };
      this.#queue.push(pending);
      this.#schedule();
    });
  }

  async flush(): Promise<void> {
    while (this.#queue.length > 0 || this.#inFlight !== undefined) {
      if (this.#inFlight === undefined) this.#startBatch();
      await this.#inFlight;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    if (this.#checkpointTimer !== undefined) {
      clearInterval(this.#checkpointTimer);
      this.#checkpointTimer = undefined;
      // The entries since the last checkpoint get one before the log closes.
      await this.#checkpointNow();
    }
  }

  async verify(options: AuditLogVerifyOptions = {}): Promise<AuditVerifyReport> {
    const prefix = await readPrunedPrefix(this.#db);
    const pruned = prefix === undefined ? {} : { pruned: { entries: prefix.entries, archiveSha256: prefix.archiveSha256, prunedAt: prefix.prunedAt } };
    const after = prefix === undefined ? undefined : { seq: prefix.entries, hash: prefix.lastHash };
    const chain = await verifyAuditChain(this.#entries(after?.seq ?? 0), { anchor: options.anchor ?? this.#lastCommitted, ...(after ? { after } : {}) });
    if (!chain.ok) return { ...chain, ...pruned };
    const verifiers = options.verifiers ?? (this.#signer ? [parseNoteVerifier(this.#signer.verifierKey)] : []);
    const tree = await verifyAuditTree(this.#db, verifiers, chain.last?.seq ?? after?.seq ?? 0, prefix);
    const checkpoint = tree.checkpoint === null ? {} : { checkpoint: tree.checkpoint };
    if (tree.break === undefined) return { ...chain, ...checkpoint, ...pruned };
    return { ok: false, entriesChecked: chain.entriesChecked, last: chain.last, ...tree.break, ...checkpoint, ...pruned };
  }

  async pruned(): Promise<AuditPrunedPrefix | null> {
    return (await readPrunedPrefix(this.#db)) ?? null;
  }

  async expiredCheckpoint(before: Date): Promise<AuditSignedCheckpoint | null> {
    if (!(before instanceof Date) || Number.isNaN(before.getTime())) throw new TypeError(`before must be a valid Date, received ${String(before)}`);
    const size = await expiredBoundary(this.#db, before, (await readPrunedPrefix(this.#db))?.entries ?? 0);
    return size === undefined ? null : ((await readCheckpoint(this.#db, size)) ?? null);
  }

  async prune(options: AuditPruneOptions): Promise<AuditPruneResult> {
    const { before, verifiers, archiveSha256 } = options;
    if (!(before instanceof Date) || Number.isNaN(before.getTime())) throw new TypeError(`before must be a valid Date, received ${String(before)}`);
    if (!/^[0-9a-f]{64}$/.test(String(archiveSha256))) throw new TypeError(`archiveSha256 must be 64 lower-case hex digits, received ${JSON.stringify(archiveSha256)}`);
    // The archive must verify on its own, with only the hub's key, before anything goes.
    const archive = await verifyEvidenceExport(options.archive, verifiers);
    if (!archive.ok || archive.checkpoint === undefined || archive.last === null) {
      throw new Error(`the archive does not verify (${archive.reason ?? 'no entries'}: ${archive.message ?? 'it holds no entries'}): nothing pruned`);
    }
    const through = archive.checkpoint.treeSize;
    const starts = archive.last.seq - archive.entriesChecked;
    const store = await this.verify({ verifiers });
    if (!store.ok) throw new Error(`the log does not verify (seq ${store.firstBrokenSeq}, ${store.reason}: ${store.message}): nothing pruned, the entries are evidence`);
    const task = () =>
      withChainLock(this.#db, this.#dialect, async (connection) => {
        const prefix = await readPrunedPrefix(connection);
        const prunedThrough = prefix?.entries ?? 0;
        if (starts !== prunedThrough) throw new Error(`the archive holds entries ${starts + 1} to ${archive.last!.seq} but the log's entries start after seq ${prunedThrough}: nothing pruned`);
        if (archive.last!.seq !== through) throw new Error(`the archive holds entries past its checkpoint of tree size ${through}: write it with \`cityhub audit archive\`; nothing pruned`);
        const checkpoint = await readCheckpoint(connection, through);
        const [kept] = await readEntriesBySeq(connection, [through]);
        if (checkpoint === undefined || checkpoint.rootHash !== archive.checkpoint!.rootHash || kept?.hash !== archive.last!.hash) {
          throw new Error(`the archive's checkpoint of tree size ${through} or its entry ${through} is not the log's: it is the archive of another log; nothing pruned`);
        }
        const latest = await latestOccurrence(connection, prunedThrough, through);
        if (latest !== undefined && latest >= before.toISOString()) {
          throw new Error(`entries up to seq ${through} include one that occurred at ${latest}, within the retention period (before ${before.toISOString()}): nothing pruned`);
        }
        const [inclusion] = await inclusionProofs(createAuditTreeReader(connection), connection, [through], through);
        const frontier = perfectBlocks(0, through);
        const hashes = await createAuditTreeReader(connection).rangeHashes(frontier);
        await recordAndDeletePruned(connection, {
          pruned_through: through,
          last_hash: kept.hash,
          frontier: JSON.stringify(hashes.map((hash) => hash.toString('hex'))),
          last_inclusion: JSON.stringify(inclusion!.hashes),
          archive_sha256: archiveSha256,
          pruned_at: this.#clock().toISOString(),
        });
        return { from: prunedThrough + 1, through };
      });
    return this.#dialect === 'sqlite' ? withSqliteFileLock(this.#db, this.#sqliteFilePath(), task) : task();
  }

  async checkpoint(): Promise<AuditSignedCheckpoint | null> {
    if (this.#issuer === undefined) throw new TypeError('this audit log has no checkpoint signer (options.checkpoints)');
    await this.flush();
    await this.#checkpointNow();
    return (await readCheckpoint(this.#db)) ?? null;
  }

  checkpoints(range: { from?: number; to?: number } = {}): Promise<AuditSignedCheckpoint[]> {
    return readCheckpoints(this.#db, range);
  }

  async latestCheckpoint(treeSize?: number): Promise<AuditSignedCheckpoint | null> {
    return (await readCheckpoint(this.#db, treeSize)) ?? null;
  }

  async inclusionProofs(seqs: readonly number[], treeSize: number): Promise<AuditInclusionProof[]> {
    return inclusionProofs(createAuditTreeReader(this.#db), this.#db, seqs, treeSize);
  }

  consistencyProof(fromSize: number, toSize: number): Promise<AuditConsistencyProof> {
    return consistencyProof(this.#db, fromSize, toSize);
  }

  async cosign(options: AuditCosignOptions): Promise<AuditSignedCheckpoint> {
    const checkpoint = await readCheckpoint(this.#db, options.treeSize);
    if (checkpoint === undefined) throw new Error(options.treeSize === undefined ? 'the audit log has no checkpoint to co-sign' : `the audit log has no checkpoint of tree size ${options.treeSize}`);
    const note = parseSignedNote(checkpoint.note);
    if (!noteSignedBy(note, options.hub)) throw new Error(`checkpoint ${checkpoint.treeSize} carries no valid signature of the hub's key ${options.hub.name}: not co-signed`);
    const report = await this.verify({ verifiers: [options.hub] });
    if (!report.ok && (report.firstBrokenSeq ?? 0) <= checkpoint.treeSize) {
      throw new Error(`the log does not verify up to checkpoint ${checkpoint.treeSize} (seq ${report.firstBrokenSeq}, ${report.reason}: ${report.message}): not co-signed`);
    }
    // The tree the entries give at that size must be the one the checkpoint signs.
    const frontier = await readFrontier(this.#db, checkpoint.treeSize);
    if (frontier.root().toString('hex') !== checkpoint.rootHash) throw new Error(`the first ${checkpoint.treeSize} entries do not give the checkpoint's root hash: not co-signed`);
    if (note.signatures.some((signature) => signature.name === options.signer.name)) throw new Error(`checkpoint ${checkpoint.treeSize} is already signed by ${options.signer.name}`);
    await insertCosignature(this.#db, checkpoint.treeSize, options.signer.name, options.signer.sign(note.text), this.#clock());
    return (await readCheckpoint(this.#db, checkpoint.treeSize))!;
  }

  async probe(timeoutMs = 2000): Promise<AuditStoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the audit store did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([readChainHead(this.#db), timeout]);
      return { state: 'ready' };
    } catch (error) {
      return { state: 'unavailable', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  subjectReport(options: SubjectReportOptions): Promise<SubjectAccessReport> {
    return subjectAccessReport(this.#db, this.#confidential, options, options?.now ?? this.#clock());
  }

  async *exportEvidence(options: AuditEvidenceOptions = {}): AsyncGenerator<string> {
    const through = options.throughTreeSize;
    if (through !== undefined && (await readCheckpoint(this.#db, through)) === undefined) throw new RangeError(`the audit log has no checkpoint of tree size ${through}`);
    const prefix = await readPrunedPrefix(this.#db);
    const checkpoints = await readCheckpoints(this.#db, { from: prefix?.entries ?? 0, ...(through !== undefined ? { to: through } : {}) });
    const reader = createAuditTreeReader(this.#db);
    const db = this.#db;
    const last = through ?? Number.POSITIVE_INFINITY;
    yield* toEvidenceLines({
      ...(prefix ? { start: { seq: prefix.entries, hash: prefix.lastHash, frontier: prefix.frontier, inclusion: prefix.lastInclusion } } : {}),
      checkpoints,
      consistencyProof: (from, to) => consistencyProof(db, from, to),
      inclusionProofs: (seqs, treeSize) => inclusionProofs(reader, db, seqs, treeSize),
      async *pages() {
        for (let after = prefix?.entries ?? 0; ; ) {
          const page = (await readEntriesAfter(db, after, READ_PAGE)).filter((entry) => entry.seq <= last);
          if (page.length > 0) yield page;
          if (page.length < READ_PAGE) return;
          after = page[page.length - 1]!.seq;
        }
      },
    });
  }

  // Private: a checkpoint of the whole tree, under the chain lock, when it grew since the last.
  async #checkpointNow(): Promise<void> {
    const issuer = this.#issuer;
    if (issuer === undefined) return;
    const task = () =>
      withChainLock(this.#db, this.#dialect, async (connection) => {
        const head = await readChainHead(connection);
        await issuer.issueIfDue(connection, await readFrontier(connection, head?.seq ?? 0), true);
      });
    await (this.#dialect === 'sqlite' ? withSqliteFileLock(this.#db, this.#sqliteFilePath(), task) : task());
  }

  async head(): Promise<AuditCheckpoint | null> {
    return (await readChainHead(this.#db)) ?? null;
  }

  search(filters: AuditSearchFilters = {}, page: AuditPageOptions = {}): Promise<AuditPage> {
    return searchAuditEntries(this.#db, filters, page);
  }

  accessesByDepartmentAndPurpose(period: AuditPeriod): Promise<DepartmentPurposeAccesses[]> {
    return accessesByDepartmentAndPurpose(this.#db, period);
  }

  accessesOutsideOfficeHours(options: OfficeHoursReportOptions): Promise<OutOfHoursAccess[]> {
    return accessesOutsideOfficeHours(this.#db, options);
  }

  unusualPersonalReads(options: UnusualPersonalReadsOptions): Promise<UnusualPersonalRead[]> {
    return unusualPersonalReads(this.#db, options);
  }

  conditionalFieldUse(options: ConditionalFieldUseOptions): Promise<ConditionalFieldUse[]> {
    return conditionalFieldUse(this.#db, options);
  }

  exportJsonLines(options: AuditExportOptions = {}): AsyncIterable<string> {
    return toJsonLines(this.#entries(exportStart(options), exportPeriod(options)));
  }

  exportCsv(options: AuditExportOptions = {}): AsyncIterable<string> {
    return toCsv(this.#entries(exportStart(options), exportPeriod(options)));
  }

  async *#entries(afterSeq: number, period: { from?: string; to?: string } = {}): AsyncGenerator<AuditEntry> {
    let after = afterSeq;
    for (;;) {
      const page = await readEntriesAfter(this.#db, after, READ_PAGE);
      // `occurredAt` is ISO 8601 UTC with milliseconds throughout, so strings compare as times.
      for (const entry of page) if ((period.from === undefined || entry.occurredAt >= period.from) && (period.to === undefined || entry.occurredAt < period.to)) yield entry;
      if (page.length < READ_PAGE) return;
      after = page[page.length - 1]!.seq;
    }
  }

  // Private: starts a batch now when one is full, else after the delay; while a batch is in
  // flight nothing is scheduled, because its completion starts the next one.
  #schedule(): void {
    if (this.#inFlight !== undefined) return;
    if (this.#queue.length >= this.#batchMaxSize) {
      this.#startBatch();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#startBatch(), this.#batchMaxDelayMs);
    }
  }

  #startBatch(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#inFlight !== undefined || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#batchMaxSize);
    this.#inFlight = this.#writeBatch(batch).finally(() => {
      this.#inFlight = undefined;
      // Entries that queued during the write have waited long enough: write them at once.
      if (this.#queue.length > 0) this.#startBatch();
    });
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    try {
      const items = batch.map((pending) => pending.item);
      const entries =
        this.#dialect === 'sqlite'
          ? await withSqliteFileLock(this.#db, this.#sqliteFilePath(), () => writeAuditBatch(this.#db, 'sqlite', items, this.#tree))
          : await writeAuditBatch(this.#db, 'postgres', items, this.#tree);
      const last = entries[entries.length - 1]!;
      if (this.#lastCommitted === undefined || last.seq > this.#lastCommitted.seq) this.#lastCommitted = { seq: last.seq, hash: last.hash };
      batch.forEach((pending, index) => pending.resolve(entries[index]!));
    } catch (error) {
      const failure = unavailable('the audit entry could not be committed', error);
      for (const pending of batch) pending.reject(failure);
    }
  }

  #sqliteFilePath(): Promise<string> {
    // A failed lookup (a closed database) is not cached, so a later batch asks again.
    this.#sqliteFile ??= sqliteFilePath(this.#db).catch((error: unknown) => {
      this.#sqliteFile = undefined;
      throw error;
    });
    return this.#sqliteFile;
  }
}

function unavailable(reason: string, cause?: unknown): GovernanceError {
  return new GovernanceError(`Audit log unavailable: ${reason}, so the response is withheld.`, 'AUDIT_UNAVAILABLE', { cause });
}

function exportPeriod(options: AuditExportOptions): { from?: string; to?: string } {
  const period: { from?: string; to?: string } = {};
  for (const bound of ['from', 'to'] as const) {
    const value = options[bound];
    if (value === undefined) continue;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${bound} must be a valid Date, received ${String(value)}`);
    period[bound] = value.toISOString();
  }
  return period;
}

function exportStart(options: AuditExportOptions): number {
  const afterSeq = options.afterSeq ?? 0;
  if (!Number.isInteger(afterSeq) || afterSeq < 0) throw new TypeError(`afterSeq must be a non-negative integer, received ${afterSeq}`);
  return afterSeq;
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer, received ${JSON.stringify(value)}`);
  }
  return value;
}

function nonNegativeNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a finite number >= 0, received ${JSON.stringify(value)}`);
  }
  return value;
}
