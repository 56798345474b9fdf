import type { Kysely } from 'kysely';
import { readCheckpoints, type AuditSignedCheckpoint } from './audit-checkpoints.ts';
import { ENTRIES_TABLE } from './audit-tables.ts';
import { createAuditTreeReader, nodeKey, readEntryHashes, readNodes, storedTreeExtent, type AuditTreeReader } from './audit-tree-store.ts';
import { auditLeafHash, consistencyProofRanges, inclusionProofRanges, verifyInclusionProof } from './merkle-tree.ts';
import { prunedFrontier, type AuditPrunedPrefix } from './audit-retention.ts';
import { noteSignedBy, parseCheckpointBody, parseSignedNote, type NoteVerifier } from './signed-note.ts';
import type { AuditBreakReason } from './verify-audit-chain.ts';

/** That entry `seq` is leaf `seq - 1` of the tree of `treeSize` entries. Hashes are hex. */
export interface AuditInclusionProof {
  readonly seq: number;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** `SHA-256(0x00 || entry hash bytes)`. */
  readonly leafHash: string;
  /** RFC 6962 audit path, bottom-up. */
  readonly hashes: readonly string[];
}

/** That the tree of `toSize` entries extends the tree of `fromSize` entries. Hashes are hex. */
export interface AuditConsistencyProof {
  readonly fromSize: number;
  readonly toSize: number;
  /** RFC 6962 consistency proof, in its order. */
  readonly hashes: readonly string[];
}

/** What `verify` found about the signed checkpoints (absent when the log has none). */
export interface AuditCheckpointReport {
  /** The latest checkpoint's tree size, root hash (hex) and time. */
  readonly treeSize: number;
  readonly rootHash: string;
  readonly issuedAt: string;
  /** The names of the trusted keys whose valid signatures it carries. */
  readonly signedBy: readonly string[];
  /** How many checkpoints were checked. */
  readonly checkpointsChecked: number;
}

/** A break found in the tree or the checkpoints. @internal */
export interface AuditTreeBreak {
  readonly firstBrokenSeq: number;
  readonly reason: AuditBreakReason;
  readonly message: string;
}

/** Inclusion proofs of `seqs` against the tree of `treeSize` entries, in the order given. @internal */
export async function inclusionProofs(reader: AuditTreeReader, db: Kysely<any>, seqs: readonly number[], treeSize: number): Promise<AuditInclusionProof[]> {
  const rangesOf = seqs.map((seq) => inclusionProofRanges(seq - 1, treeSize));
  const leaves = new Map<number, string>();
  const rows = seqs.length === 0 ? [] : await db.selectFrom(ENTRIES_TABLE).select(['seq', 'hash']).where('seq', 'in', [...new Set(seqs)]).execute();
  for (const row of rows) leaves.set(Number(row.seq), row.hash as string);
  const missing = seqs.find((seq) => !leaves.has(seq));
  if (missing !== undefined) throw new RangeError(`entry ${missing} is not in the log (a pruned entry is proved by the archive that holds it)`);
  const hashes = await reader.rangeHashes(rangesOf.flat());
  let at = 0;
  return seqs.map((seq, index) => {
    const hash = leaves.get(seq)!;
    const count = rangesOf[index]!.length;
    const proof = hashes.slice(at, at + count).map((buffer) => buffer.toString('hex'));
    at += count;
    return { seq, leafIndex: seq - 1, treeSize, leafHash: auditLeafHash(hash).toString('hex'), hashes: proof };
  });
}

/** The consistency proof between two tree sizes. @internal */
export async function consistencyProof(db: Kysely<any>, fromSize: number, toSize: number): Promise<AuditConsistencyProof> {
  const hashes = await createAuditTreeReader(db).rangeHashes(consistencyProofRanges(fromSize, toSize));
  return { fromSize, toSize, hashes: hashes.map((hash) => hash.toString('hex')) };
}

/**
 * Checks the checkpoints and the tree against the entries now in the store: every
 * checkpoint's note is well formed, matches its row and carries the hub's signature
 * (`verifiers[0]`); the entries still number at least the latest checkpoint's size and the
 * stored tree's extent; the tree recomputed from the entries equals every stored subtree and
 * every checkpoint's root. Call it after the chain itself verified. @internal
 */
export async function verifyAuditTree(
  db: Kysely<any>,
  verifiers: readonly NoteVerifier[],
  entryCount: number,
  pruned?: AuditPrunedPrefix,
): Promise<{ break?: AuditTreeBreak; checkpoint: AuditCheckpointReport | null }> {
  const checkpoints = await readCheckpoints(db);
  const hub = verifiers[0];
  let signedBy: string[] = [];
  for (const checkpoint of checkpoints) {
    const problem = checkpointProblem(checkpoint, hub);
    if (problem !== undefined) return { break: { firstBrokenSeq: checkpoint.treeSize, reason: 'forged', message: problem }, checkpoint: null };
  }
  const latest = checkpoints[checkpoints.length - 1];
  if (latest !== undefined) {
    const note = parseSignedNote(latest.note);
    signedBy = verifiers.filter((verifier) => noteSignedBy(note, verifier)).map((verifier) => verifier.name);
  }
  const report: AuditCheckpointReport | null =
    latest === undefined
      ? null
      : { treeSize: latest.treeSize, rootHash: latest.rootHash, issuedAt: latest.issuedAt, signedBy, checkpointsChecked: checkpoints.length };
  if (latest !== undefined && latest.treeSize > entryCount) {
    const message = `the log ends at seq ${entryCount} but the checkpoint signed at ${latest.issuedAt} covers ${latest.treeSize} entries: entries ${entryCount + 1} to ${latest.treeSize} were deleted`;
    return { break: { firstBrokenSeq: entryCount + 1, reason: 'deleted', message }, checkpoint: report };
  }
  const extent = await storedTreeExtent(db);
  if (extent > entryCount) {
    const message = `the log ends at seq ${entryCount} but its Merkle tree records ${extent} entries: entries from ${entryCount + 1} were deleted`;
    return { break: { firstBrokenSeq: entryCount + 1, reason: 'deleted', message }, checkpoint: report };
  }
  const frontier = prunedFrontier(pruned);
  const bySize = new Map(checkpoints.map((checkpoint) => [checkpoint.treeSize, checkpoint]));
  if (pruned !== undefined) {
    // The pruned entries are in their archive; what the log kept of them must give the root of the checkpoint they were pruned at.
    const boundary = bySize.get(pruned.entries);
    const problem =
      boundary === undefined
        ? `no checkpoint of tree size ${pruned.entries} vouches for the ${pruned.entries} pruned entries: the checkpoint was deleted`
        : frontier.root().toString('hex') !== boundary.rootHash
          ? `the record of the ${pruned.entries} pruned entries does not give the root of the checkpoint of tree size ${pruned.entries}: it was altered`
          : !verifyInclusionProof(pruned.entries - 1, pruned.entries, auditLeafHash(pruned.lastHash), pruned.lastInclusion.map((hash) => Buffer.from(hash, 'hex')), frontier.root())
            ? `the last pruned entry's hash recorded for seq ${pruned.entries} is not in the checkpoint of tree size ${pruned.entries}: the record was altered`
            : undefined;
    if (problem !== undefined) return { break: { firstBrokenSeq: pruned.entries, reason: boundary === undefined ? 'deleted' : 'edited', message: problem }, checkpoint: report };
  }
  let verifiedSize = pruned?.entries ?? 0;
  for (let after = verifiedSize; after < entryCount; after += PAGE) {
    const hashes = await readEntryHashes(db, after, Math.min(after + PAGE, entryCount));
    const computed = new Map<string, Buffer>();
    let mismatch: AuditTreeBreak | undefined;
    for (const hash of hashes) {
      frontier.push(auditLeafHash(hash), (level, idx, node) => {
        if (level >= 4) computed.set(nodeKey([idx * 2 ** level, (idx + 1) * 2 ** level]), node);
      });
      const checkpoint = bySize.get(frontier.size);
      if (checkpoint !== undefined && mismatch === undefined) {
        if (frontier.root().toString('hex') !== checkpoint.rootHash) {
          mismatch = {
            firstBrokenSeq: verifiedSize + 1,
            reason: 'edited',
            message: `the first ${checkpoint.treeSize} entries no longer match the checkpoint signed at ${checkpoint.issuedAt}: the chain was rewritten between seq ${verifiedSize + 1} and ${checkpoint.treeSize}`,
          };
        } else {
          verifiedSize = checkpoint.treeSize;
        }
      }
    }
    const stored = await readNodes(
      db,
      [...computed.keys()].map((key) => key.split(':').map(Number) as [number, number]),
    );
    for (const [key, hash] of computed) {
      const [start, end] = key.split(':').map(Number) as [number, number];
      const found = stored.get(key);
      if (found === undefined || !found.equals(hash)) {
        const message =
          found === undefined
            ? `the Merkle tree has no node for entries ${start + 1} to ${end}: the tree table was altered`
            : `entries ${start + 1} to ${end} differ from the Merkle tree recorded when they were appended: they were rewritten with recomputed hashes`;
        return { break: { firstBrokenSeq: start + 1, reason: 'edited', message }, checkpoint: report };
      }
    }
    if (mismatch !== undefined) return { break: mismatch, checkpoint: report };
  }
  return { checkpoint: report };
}

const PAGE = 4096;

// Private: what is wrong with a stored checkpoint, or `undefined` when its note is well formed,
// matches its row, and carries the hub's signature.
function checkpointProblem(checkpoint: AuditSignedCheckpoint, hub: NoteVerifier | undefined): string | undefined {
  let note;
  let body;
  try {
    note = parseSignedNote(checkpoint.note);
    body = parseCheckpointBody(note.text);
  } catch (error) {
    return `the checkpoint of tree size ${checkpoint.treeSize} is not a signed checkpoint: ${(error as Error).message}`;
  }
  if (body.treeSize !== checkpoint.treeSize || body.rootHash.toString('hex') !== checkpoint.rootHash) {
    return `the checkpoint of tree size ${checkpoint.treeSize} says tree size ${body.treeSize}, root ${body.rootHash.toString('hex')}, but was stored as root ${checkpoint.rootHash}: it was altered`;
  }
  if (hub !== undefined && !noteSignedBy(note, hub)) {
    return `the checkpoint of tree size ${checkpoint.treeSize} (issued ${checkpoint.issuedAt}) carries no valid signature of the hub's key ${hub.name}: it is forged or was altered`;
  }
  return undefined;
}
