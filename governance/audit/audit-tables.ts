/**
 * Names of the audit tables and the shapes of their rows. @internal
 *
 * - `cityhub_audit_entries`: one row per entry (the request-level fields and the chain hashes);
 * - `cityhub_audit_sources`: one row per source system of an entry, by `(seq, ordinal)`;
 * - `cityhub_audit_personal_keys`: one row per personal record key returned, by
 *   `(seq, source_ordinal, ordinal)`, indexed by key so "who accessed resident X" is an index
 *   lookup.
 *
 * Every stored fact takes part in the hash: verification rebuilds each entry from all three
 * tables, so a change in a side table is detected like a change in the entry itself.
 */
export const ENTRIES_TABLE = 'cityhub_audit_entries';
/** @internal */
export const SOURCES_TABLE = 'cityhub_audit_sources';
/** @internal */
export const PERSONAL_KEYS_TABLE = 'cityhub_audit_personal_keys';
/**
 * `cityhub_audit_tree_nodes`: the Merkle tree's perfect subtrees of 2^level leaves
 * (level ≥ {@link TREE_STORED_LEVEL}) by `(level, idx)`, the subtree over leaves
 * `[idx·2^level, (idx+1)·2^level)`; smaller subtrees are recomputed from the entries' hashes.
 * @internal
 */
export const TREE_NODES_TABLE = 'cityhub_audit_tree_nodes';
/** `cityhub_audit_checkpoints`: one signed checkpoint (a C2SP signed note) per tree size. @internal */
export const CHECKPOINTS_TABLE = 'cityhub_audit_checkpoints';
/** `cityhub_audit_cosignatures`: further signature lines on a checkpoint, one per key name. @internal */
export const COSIGNATURES_TABLE = 'cityhub_audit_cosignatures';
/**
 * `cityhub_audit_pruned`: one row per pruning, by the last seq it removed: what the tree and
 * the chain need of the removed entries (the Merkle frontier, the last hash and its inclusion
 * proof) and the digest of the archive that holds them. Entries with seq up to the highest
 * `pruned_through` are the only ones the delete triggers let go. @internal
 */
export const PRUNED_TABLE = 'cityhub_audit_pruned';
/** @internal */
export const AUDIT_TABLES = [ENTRIES_TABLE, SOURCES_TABLE, PERSONAL_KEYS_TABLE, TREE_NODES_TABLE, CHECKPOINTS_TABLE, COSIGNATURES_TABLE, PRUNED_TABLE] as const;

/**
 * The smallest subtree level the tree table stores (subtrees of 16 leaves): a batch adds one
 * node row per 8 entries, and a proof recomputes at most 16 leaf hashes per low subtree. @internal
 */
export const TREE_STORED_LEVEL = 4;

/** A row of `cityhub_audit_tree_nodes`; `hash` is hex. @internal */
export interface TreeNodeRow {
  level: number;
  idx: number | string;
  hash: string;
}

/** A row of `cityhub_audit_checkpoints`; `note` is the signed note exactly as signed. @internal */
export interface CheckpointRow {
  tree_size: number | string;
  root_hash: string;
  issued_at: string;
  note: string;
}

/** A row of `cityhub_audit_cosignatures`; `signature` is the whole signature line. @internal */
export interface CosignatureRow {
  tree_size: number | string;
  key_name: string;
  signature: string;
  signed_at: string;
}

/** A row of `cityhub_audit_pruned`; `frontier` and `last_inclusion` are JSON arrays of hex hashes. @internal */
export interface PrunedRow {
  pruned_through: number | string;
  last_hash: string;
  frontier: string;
  last_inclusion: string;
  archive_sha256: string;
  pruned_at: string;
}

/** A row of `cityhub_audit_entries`. @internal */
export interface EntryRow {
  seq: number | string;
  prev_hash: string;
  hash: string;
  occurred_at: string;
  request_id: string;
  principal: string | null;
  department: string | null;
  purpose: string | null;
  operation_name: string | null;
  operation_hash: string;
  outcome: string;
  error_code: string | null;
  latency_ms: number | string;
  /** JSON array of strings; NULL when absent (entries before format 2). */
  jurisdictions?: string | null;
  /** JSON array of `{agreementId, action, status}`; NULL when absent. */
  agreement_actions?: string | null;
  /** JSON array of `[from, to]` seq ranges; NULL when absent. */
  entries_returned?: string | null;
}

/** A row of `cityhub_audit_sources`; list columns hold JSON arrays of strings. @internal */
export interface SourceRow {
  seq: number | string;
  ordinal: number;
  system: string;
  fields_read: string;
  rows_returned: number;
  rows_filtered: number;
  fields_masked: string;
  fields_denied: string;
  conditional_fields: string;
  agreement_ids: string;
  outcome: string;
  latency_ms: number | string;
  /** JSON array of strings; NULL when absent (entries before format 2). */
  keys_denied?: string | null;
}

/** A row of `cityhub_audit_personal_keys`. @internal */
export interface PersonalKeyRow {
  seq: number | string;
  source_ordinal: number;
  ordinal: number;
  personal_key: string;
}
