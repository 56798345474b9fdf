import type { Kysely } from 'kysely';
import { CHECKPOINTS_TABLE, COSIGNATURES_TABLE, type CheckpointRow, type CosignatureRow } from './audit-tables.ts';
import type { MerkleFrontier } from './merkle-tree.ts';
import { formatCheckpointBody, type NoteSigner } from './signed-note.ts';

/** How the audit log issues signed checkpoints of its Merkle tree. */
export interface AuditCheckpointOptions {
  /** The hub's Ed25519 signer (see `createNoteSigner`); its name is the checkpoint's key name. */
  readonly signer: NoteSigner;
  /** The checkpoint origin line. @default the signer's name */
  readonly origin?: string;
  /** Issue a checkpoint once the tree has grown by this many entries since the last. @default 1000 */
  readonly everyEntries?: number;
  /**
   * Issue a checkpoint when the tree has grown and the last one is this old: checked at each
   * batch, and by a timer while the log is open, so a quiet log is checkpointed too. @default 60000
   */
  readonly everyMs?: number;
  /**
   * Told when the timer's checkpoint fails (the store is unreachable, the key cannot sign…);
   * the next tick or batch tries again. @default a one-line warning on stderr
   */
  readonly onError?: (error: Error) => void;
}

/** The default of {@link AuditCheckpointOptions.everyEntries}. */
export const DEFAULT_AUDIT_CHECKPOINT_EVERY_ENTRIES = 1000;
/** The default of {@link AuditCheckpointOptions.everyMs}. */
export const DEFAULT_AUDIT_CHECKPOINT_EVERY_MS = 60_000;

/** A signed checkpoint as stored, with its co-signatures' lines appended to the note. */
export interface AuditSignedCheckpoint {
  readonly treeSize: number;
  /** The root hash, 64 hex digits. */
  readonly rootHash: string;
  readonly issuedAt: string;
  /** The C2SP signed note: the checkpoint text, a blank line, the hub's signature and any co-signatures. */
  readonly note: string;
}

/** The resolved checkpoint settings. @internal */
export interface CheckpointPolicy {
  readonly signer: NoteSigner;
  readonly origin: string;
  readonly everyEntries: number;
  readonly everyMs: number;
  readonly onError: (error: Error) => void;
}

/** Validates {@link AuditCheckpointOptions} once. @internal */
export function checkpointPolicy(options: AuditCheckpointOptions): CheckpointPolicy {
  if (typeof options?.signer?.sign !== 'function') throw new TypeError(`checkpoints.signer must be a NoteSigner (createNoteSigner), received ${String(options?.signer)}`);
  const everyEntries = options.everyEntries ?? DEFAULT_AUDIT_CHECKPOINT_EVERY_ENTRIES;
  if (!Number.isInteger(everyEntries) || everyEntries < 1) throw new TypeError(`checkpoints.everyEntries must be a positive integer, received ${JSON.stringify(everyEntries)}`);
  const everyMs = options.everyMs ?? DEFAULT_AUDIT_CHECKPOINT_EVERY_MS;
  if (!Number.isInteger(everyMs) || everyMs < 1) throw new TypeError(`checkpoints.everyMs must be a positive integer, received ${JSON.stringify(everyMs)}`);
  const origin = options.origin ?? options.signer.name;
  formatCheckpointBody({ origin, treeSize: 0, rootHash: Buffer.alloc(32) });
  if (options.onError !== undefined && typeof options.onError !== 'function') throw new TypeError(`checkpoints.onError must be a function, received ${String(options.onError)}`);
  const onError = options.onError ?? ((error: Error) => console.warn(`cityhub: the audit log's timed checkpoint failed, retried at the next tick or batch: ${error.message}`));
  return { signer: options.signer, origin, everyEntries, everyMs, onError };
}

/**
 * Decides inside the writer's transaction whether the tree is due a checkpoint and inserts
 * it. The writer's own view of the last checkpoint spares the read until one may be due; the
 * store's latest (another replica may have issued it) then decides. @internal
 */
export class CheckpointIssuer {
  readonly #policy: CheckpointPolicy;
  readonly #clock: () => Date;
  #known: { size: number; at: number } | undefined;
  // Private: with no checkpoint in the store yet, the first is due `everyMs` after this.
  readonly #startedAt: number;

  constructor(policy: CheckpointPolicy, clock: () => Date) {
    this.#policy = policy;
    this.#clock = clock;
    this.#startedAt = clock().getTime();
  }

  /** Issues a checkpoint of `frontier` when due (or whenever the tree grew, with `force`). */
  async issueIfDue(connection: Kysely<any>, frontier: MerkleFrontier, force = false): Promise<void> {
    const now = this.#clock().getTime();
    if (!force && this.#known !== undefined && !this.#due(this.#known, frontier.size, now)) return;
    const latest = await latestCheckpointRow(connection);
    const known = latest === undefined ? { size: 0, at: this.#startedAt } : { size: Number(latest.tree_size), at: Date.parse(latest.issued_at) };
    this.#known = known;
    if (frontier.size <= known.size || (!force && !this.#due(known, frontier.size, now))) return;
    const issuedAt = new Date(now).toISOString();
    const rootHash = frontier.root();
    const text = formatCheckpointBody({ origin: this.#policy.origin, treeSize: frontier.size, rootHash, issuedAt });
    const row: CheckpointRow = { tree_size: frontier.size, root_hash: rootHash.toString('hex'), issued_at: issuedAt, note: `${text}\n${this.#policy.signer.sign(text)}` };
    await connection.insertInto(CHECKPOINTS_TABLE).values(row).execute();
    this.#known = { size: frontier.size, at: now };
  }

  #due(known: { size: number; at: number }, size: number, now: number): boolean {
    return size - known.size >= this.#policy.everyEntries || (size > known.size && now - known.at >= this.#policy.everyMs);
  }
}

/** The latest checkpoint row, or `undefined`. @internal */
export async function latestCheckpointRow(db: Kysely<any>): Promise<CheckpointRow | undefined> {
  return (await db.selectFrom(CHECKPOINTS_TABLE).selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst()) as CheckpointRow | undefined;
}

/** Checkpoints with `treeSize` in `[from, to]` (all by default), oldest first, co-signatures appended. @internal */
export async function readCheckpoints(db: Kysely<any>, range: { from?: number; to?: number } = {}): Promise<AuditSignedCheckpoint[]> {
  let query = db.selectFrom(CHECKPOINTS_TABLE).selectAll().orderBy('tree_size', 'asc');
  if (range.from !== undefined) query = query.where('tree_size', '>=', range.from);
  if (range.to !== undefined) query = query.where('tree_size', '<=', range.to);
  const rows = (await query.execute()) as CheckpointRow[];
  if (rows.length === 0) return [];
  const cosignatures = (await db
    .selectFrom(COSIGNATURES_TABLE)
    .selectAll()
    .where('tree_size', 'in', rows.map((row) => row.tree_size))
    .orderBy('signed_at')
    .execute()) as CosignatureRow[];
  return rows.map((row) => toCheckpoint(row, cosignatures.filter((cosignature) => Number(cosignature.tree_size) === Number(row.tree_size))));
}

/** Reads one checkpoint by tree size (the latest when `treeSize` is undefined), or `undefined`. @internal */
export async function readCheckpoint(db: Kysely<any>, treeSize?: number): Promise<AuditSignedCheckpoint | undefined> {
  const row = treeSize === undefined ? await latestCheckpointRow(db) : ((await db.selectFrom(CHECKPOINTS_TABLE).selectAll().where('tree_size', '=', treeSize).executeTakeFirst()) as CheckpointRow | undefined);
  if (row === undefined) return undefined;
  return (await readCheckpoints(db, { from: Number(row.tree_size), to: Number(row.tree_size) }))[0];
}

/** Stores a co-signature line for a checkpoint (one per key name). @internal */
export async function insertCosignature(db: Kysely<any>, treeSize: number, keyName: string, line: string, signedAt: Date): Promise<void> {
  await db.insertInto(COSIGNATURES_TABLE).values({ tree_size: treeSize, key_name: keyName, signature: line, signed_at: signedAt.toISOString() }).execute();
}

function toCheckpoint(row: CheckpointRow, cosignatures: readonly CosignatureRow[]): AuditSignedCheckpoint {
  // The stored note ends with the hub's signature line; co-signature lines follow it.
  const note = row.note + cosignatures.map((cosignature) => cosignature.signature).join('');
  return { treeSize: Number(row.tree_size), rootHash: row.root_hash, issuedAt: row.issued_at, note };
}
