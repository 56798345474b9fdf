import type { AuditEntry } from './audit-entry.ts';
import type { AuditSignedCheckpoint } from './audit-checkpoints.ts';
import type { AuditConsistencyProof, AuditInclusionProof } from './audit-evidence.ts';
import { canonicalJson } from './canonical-json.ts';
import { auditLeafHash, MerkleFrontier, perfectBlocks, verifyConsistencyProof, verifyInclusionProof } from './merkle-tree.ts';
import { noteSignedBy, parseCheckpointBody, parseSignedNote, type NoteVerifier } from './signed-note.ts';
import { parseAuditLines } from './verify-audit-export.ts';
import type { EvidenceStart } from './audit-retention.ts';
import { verifyAuditChain, type AuditVerifyReport } from './verify-audit-chain.ts';

/** The first line's `format` of an evidence export. */
export const AUDIT_EVIDENCE_FORMAT = 'cityhub-audit-evidence';

/** What {@link toEvidenceLines} needs from the log. @internal */
export interface EvidenceSource {
  /** Where the entries start when not at the genesis (the log's pruned prefix); `checkpoints` then starts with the one of that size. */
  readonly start?: EvidenceStart;
  readonly checkpoints: readonly AuditSignedCheckpoint[];
  consistencyProof(fromSize: number, toSize: number): Promise<AuditConsistencyProof>;
  inclusionProofs(seqs: readonly number[], treeSize: number): Promise<AuditInclusionProof[]>;
  /** Every entry, in seq order, in pages. */
  pages(): AsyncIterable<readonly AuditEntry[]>;
}

/**
 * Writes an evidence export (see governance/audit/README.md): a header line, every
 * checkpoint with the consistency proof from the one before, then every entry with its
 * inclusion proof in the latest checkpoint's tree (`null` for entries after it). @internal
 */
export async function* toEvidenceLines(source: EvidenceSource): AsyncGenerator<string> {
  const latest = source.checkpoints[source.checkpoints.length - 1];
  const start = source.start === undefined ? {} : { start: source.start };
  yield `${canonicalJson({ format: AUDIT_EVIDENCE_FORMAT, version: 1, treeSize: latest?.treeSize ?? 0, ...start })}\n`;
  let previous: AuditSignedCheckpoint | undefined;
  for (const checkpoint of source.checkpoints) {
    const consistency = previous === undefined ? null : (await source.consistencyProof(previous.treeSize, checkpoint.treeSize)).hashes;
    yield `${canonicalJson({ type: 'checkpoint', note: checkpoint.note, consistency })}\n`;
    previous = checkpoint;
  }
  for await (const page of source.pages()) {
    const covered = latest === undefined ? [] : page.filter((entry) => entry.seq <= latest.treeSize);
    const proofs = latest === undefined ? [] : await source.inclusionProofs(covered.map((entry) => entry.seq), latest.treeSize);
    const bySeq = new Map(proofs.map((proof) => [proof.seq, proof.hashes]));
    for (const entry of page) yield `${canonicalJson({ type: 'entry', entry, inclusion: bySeq.get(entry.seq) ?? null })}\n`;
  }
}

/**
 * Verifies an evidence export offline with only the hub's public key (`verifiers[0]`;
 * further keys are reported when they co-signed the latest checkpoint): each checkpoint's
 * signature, the consistency of each checkpoint with the one before, the hash chain of the
 * entries, each entry's inclusion proof in the latest checkpoint, and that the entries give
 * the latest checkpoint's root. The report's `reason` is `forged` for a signature or proof
 * that does not verify, else as for the chain.
 */
export async function verifyEvidenceExport(lines: Iterable<string> | AsyncIterable<string>, verifiers: readonly NoteVerifier[]): Promise<AuditVerifyReport> {
  const hub = verifiers[0];
  if (hub === undefined) throw new TypeError('verifying an evidence export needs the hub\'s public key');
  const iterator = nonBlank(lines)[Symbol.asyncIterator]();
  const fail = (seq: number, message: string, reason: AuditVerifyReport['reason'] = 'forged'): AuditVerifyReport => ({ ok: false, entriesChecked: 0, last: null, firstBrokenSeq: seq, reason, message });
  const header = await iterator.next();
  const head = header.done ? undefined : safeJson(header.value[1]);
  if (head?.format !== AUDIT_EVIDENCE_FORMAT || head.version !== 1) return fail(0, `line 1 is not the header of a ${AUDIT_EVIDENCE_FORMAT} version 1 export`, 'malformed');
  const start = evidenceStart(head.start);
  if (typeof start === 'string') return fail(0, `line 1: ${start}`, 'malformed');
  const checkpoints: Array<{ size: number; root: Buffer; issuedAt: string; signedBy: string[] }> = [];
  let pending: [number, string] | undefined;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const [number, line] = next.value;
    const value = safeJson(line);
    if (value?.type !== 'checkpoint') {
      pending = [number, line];
      break;
    }
    let body;
    let note;
    try {
      note = parseSignedNote(String(value.note));
      body = parseCheckpointBody(note.text);
    } catch (error) {
      return fail(0, `line ${number}: ${(error as Error).message}`, 'malformed');
    }
    if (!noteSignedBy(note, hub)) return fail(body.treeSize, `line ${number}: the checkpoint of tree size ${body.treeSize} carries no valid signature of ${hub.name}'s key`);
    const before = checkpoints[checkpoints.length - 1];
    if (before === undefined && start !== undefined) {
      // An export after pruned entries starts with their checkpoint, which the start must give.
      const frontier = new MerkleFrontier(start.seq, start.frontier.map((hash) => Buffer.from(hash, 'hex')));
      if (body.treeSize !== start.seq) return fail(body.treeSize, `line ${number}: the export starts after seq ${start.seq} but its first checkpoint is of tree size ${body.treeSize}`, 'malformed');
      if (!frontier.root().equals(body.rootHash)) return fail(start.seq, `line 1: the start's frontier does not give the root of the checkpoint of tree size ${start.seq}`);
      if (!verifyInclusionProof(start.seq - 1, start.seq, auditLeafHash(start.hash), start.inclusion.map((hash) => Buffer.from(hash, 'hex')), body.rootHash)) {
        return fail(start.seq, `line 1: the start's hash of entry ${start.seq} is not in the checkpoint of tree size ${start.seq}`);
      }
    }
    if (before !== undefined) {
      const proof = Array.isArray(value.consistency) ? value.consistency.map((hash: unknown) => Buffer.from(String(hash), 'hex')) : [];
      if (body.treeSize <= before.size || !verifyConsistencyProof(before.size, body.treeSize, before.root, body.rootHash, proof)) {
        return fail(body.treeSize, `line ${number}: the checkpoint of tree size ${body.treeSize} is not consistent with the one of tree size ${before.size}: the log was rewritten between them`);
      }
    }
    checkpoints.push({ size: body.treeSize, root: body.rootHash, issuedAt: body.issuedAt ?? '', signedBy: verifiers.filter((key) => noteSignedBy(note, key)).map((key) => key.name) });
  }
  const latest = checkpoints[checkpoints.length - 1];
  if (latest === undefined || latest.size !== head.treeSize) return fail(0, `the header names tree size ${String(head.treeSize)} but the export's latest checkpoint is ${latest?.size ?? 'missing'}`, 'malformed');
  const frontier = start === undefined ? new MerkleFrontier() : new MerkleFrontier(start.seq, start.frontier.map((hash) => Buffer.from(hash, 'hex')));
  let proofProblem: AuditVerifyReport | undefined;
  async function* entries(): AsyncGenerator<[number, string]> {
    if (pending) yield pending;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  async function* checked(): AsyncGenerator<string> {
    for await (const [number, line] of entries()) {
      const value = safeJson(line);
      if (value?.type !== 'entry' || typeof value.entry !== 'object') {
        yield line;
        continue;
      }
      const entry = value.entry as AuditEntry;
      if (proofProblem === undefined && typeof entry.hash === 'string' && /^[0-9a-f]{64}$/.test(entry.hash) && entry.seq === frontier.size + 1) {
        const leaf = auditLeafHash(entry.hash);
        if (entry.seq <= latest!.size) {
          frontier.push(leaf);
          const proof = Array.isArray(value.inclusion) ? value.inclusion.map((hash: unknown) => Buffer.from(String(hash), 'hex')) : [];
          if (!verifyInclusionProof(entry.seq - 1, latest!.size, leaf, proof, latest!.root)) {
            proofProblem = fail(entry.seq, `line ${number}: the inclusion proof of entry ${entry.seq} does not verify against the checkpoint of tree size ${latest!.size}`);
          }
        }
      }
      yield canonicalJson(entry);
    }
  }
  const chain = await verifyAuditChain(parseAuditLines(checked()), start === undefined ? {} : { after: { seq: start.seq, hash: start.hash } });
  if (!chain.ok) return chain;
  if (proofProblem !== undefined) return { ...proofProblem, entriesChecked: chain.entriesChecked, last: chain.last };
  const report = { treeSize: latest.size, rootHash: latest.root.toString('hex'), issuedAt: latest.issuedAt, signedBy: latest.signedBy, checkpointsChecked: checkpoints.length };
  if (frontier.size < latest.size) {
    return { ...fail(frontier.size + 1, `the export holds ${frontier.size} entries but its latest checkpoint covers ${latest.size}: entries ${frontier.size + 1} to ${latest.size} are missing`, 'deleted'), entriesChecked: chain.entriesChecked, last: chain.last };
  }
  if (!frontier.root().equals(latest.root)) {
    return { ...fail(1, `the entries do not give the root hash of the checkpoint of tree size ${latest.size}: they were rewritten`, 'edited'), entriesChecked: chain.entriesChecked, last: chain.last };
  }
  return { ...chain, checkpoint: report };
}

// Private: the header's `start` (absent for an export from the genesis), or what is wrong with it.
function evidenceStart(value: unknown): EvidenceStart | undefined | string {
  if (value === undefined) return undefined;
  const start = value as Partial<EvidenceStart> | null;
  const hexes = (list: unknown): list is string[] => Array.isArray(list) && list.every((hash) => typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash));
  if (typeof start !== 'object' || start === null || !Number.isSafeInteger(start.seq) || start.seq! < 1 || typeof start.hash !== 'string' || !/^[0-9a-f]{64}$/.test(start.hash)) {
    return 'start must be {seq, hash, frontier, inclusion} with a positive seq and a 64-hex-digit hash';
  }
  if (!hexes(start.frontier) || start.frontier.length !== perfectBlocks(0, start.seq!).length || !hexes(start.inclusion)) {
    return `start.frontier must hold the ${perfectBlocks(0, start.seq!).length} subtree hashes of a tree of ${start.seq} leaves, and start.inclusion hex hashes`;
  }
  return start as EvidenceStart;
}

// Private: the non-blank lines with their 1-based numbers.
async function* nonBlank(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<[number, string]> {
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    if (raw.trim() !== '') yield [number, raw.trim()];
  }
}

function safeJson(line: string): Record<string, any> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}
