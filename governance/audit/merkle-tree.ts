import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing over the audit entries, and the pure parts of its
 * proofs (which subtrees a proof consists of, and how a proof is checked).
 *
 * - leaf `i` (0-based) is the entry with `seq = i + 1`; its leaf input is the 32 bytes of the
 *   entry's chain hash (`hash`, hex-decoded), which already commits to the entry's canonical
 *   form and its predecessor;
 * - leaf hash `SHA-256(0x00 || leaf input)`, node hash `SHA-256(0x01 || left || right)`;
 * - the hash of a tree of `n` leaves is RFC 6962's `MTH(D[n])`.
 *
 * A subtree is written `[start, end)` in leaf indexes. Every range a proof names is either a
 * perfect subtree (its size a power of two, its start a multiple of its size) or the right
 * fold of the perfect subtrees of its size's binary decomposition ({@link perfectBlocks}).
 */
export type LeafRange = readonly [start: number, end: number];

/** The hash of a leaf whose input is an entry's chain hash (64 hex digits). */
export function auditLeafHash(entryHash: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(entryHash)) throw new TypeError(`an entry hash must be 64 lower-case hex digits, received ${JSON.stringify(entryHash)}`);
  return createHash('sha256').update(LEAF_PREFIX).update(Buffer.from(entryHash, 'hex')).digest();
}

/** The hash of an inner node over its two children. */
export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** `SHA-256` of nothing: the hash of the empty tree. */
export const EMPTY_TREE_HASH: Buffer = createHash('sha256').digest();

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/**
 * The perfect subtrees `[start, end)` cover, left to right (largest first), provided `start`
 * is a multiple of the largest; the range's hash is their right fold with {@link merkleNodeHash}.
 */
export function perfectBlocks(start: number, end: number): LeafRange[] {
  const blocks: LeafRange[] = [];
  let at = start;
  while (at < end) {
    const size = 2 ** Math.floor(Math.log2(end - at));
    blocks.push([at, at + size]);
    at += size;
  }
  return blocks;
}

/** Folds subtree hashes given left to right into the hash of their concatenation (right fold). */
export function foldRight(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return EMPTY_TREE_HASH;
  let hash: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let index = hashes.length - 2; index >= 0; index -= 1) hash = merkleNodeHash(hashes[index]!, hash);
  return hash;
}

/** The largest power of two smaller than `n` (n ≥ 2), RFC 6962's split point. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The ranges whose hashes form the inclusion proof of leaf `index` in the tree of `size`
 * leaves, in proof order (RFC 6962 `PATH(m, D[n])`, bottom-up).
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`tree size must be a positive integer, received ${size}`);
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf index must be an integer from 0 to ${size - 1}, received ${index}`);
  const ranges: LeafRange[] = [];
  const path = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = split(n);
    if (m < k) {
      path(m, start, start + k);
      ranges.push([start + k, end]);
    } else {
      path(m - k, start + k, end);
      ranges.push([start, start + k]);
    }
  };
  path(index, 0, size);
  return ranges;
}

/**
 * The ranges whose hashes form the consistency proof from the tree of `from` leaves to the
 * tree of `to` leaves (RFC 6962 `PROOF(m, D[n])`), in proof order; empty when `from` is 0 or
 * equals `to`.
 */
export function consistencyProofRanges(from: number, to: number): LeafRange[] {
  if (!Number.isInteger(to) || to < 0) throw new RangeError(`tree size must be a non-negative integer, received ${to}`);
  if (!Number.isInteger(from) || from < 0 || from > to) throw new RangeError(`the older tree size must be an integer from 0 to ${to}, received ${from}`);
  const ranges: LeafRange[] = [];
  if (from === 0 || from === to) return ranges;
  const subproof = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) ranges.push([start, end]);
      return;
    }
    const k = split(n);
    if (m <= k) {
      subproof(m, start, start + k, complete);
      ranges.push([start + k, end]);
    } else {
      subproof(m - k, start + k, end, false);
      ranges.push([start, start + k]);
    }
  };
  subproof(from, 0, to, true);
  return ranges;
}

/**
 * Checks an inclusion proof (RFC 9162 §2.1.3.2): whether the leaf hash at `index` and the
 * proof's hashes yield `root` for a tree of `size` leaves.
 */
export function verifyInclusionProof(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = merkleNodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = merkleNodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Checks a consistency proof (RFC 9162 §2.1.4.2): whether the tree of `to` leaves with root
 * `newRoot` extends the tree of `from` leaves with root `oldRoot`.
 */
export function verifyConsistencyProof(from: number, to: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to) return false;
  if (from === to) return proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  if (from === 0) return proof.length === 0;
  let path = [...proof];
  // When `from` is a power of two the old root is the first node of the path.
  if ((from & (from - 1)) === 0) path = [oldRoot, ...path];
  if (path.length === 0) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = merkleNodeHash(c, fr);
      sr = merkleNodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = merkleNodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

/**
 * A Merkle tree's right edge: the perfect subtrees of its size's binary decomposition, which
 * is all that is needed to extend it and to compute its root. Pushing a leaf reports each
 * perfect subtree it completes, so a store can keep them.
 */
export class MerkleFrontier {
  // Private: the right edge, largest subtree first, as [level, hash].
  readonly #edge: Array<[number, Buffer]>;
  #size: number;

  /** Starts from the edge of a tree of `size` leaves (the hashes of `perfectBlocks(0, size)`). */
  constructor(size = 0, edge: readonly Uint8Array[] = []) {
    const blocks = perfectBlocks(0, size);
    if (blocks.length !== edge.length) throw new RangeError(`a tree of ${size} leaves has ${blocks.length} edge subtrees, received ${edge.length}`);
    this.#size = size;
    this.#edge = blocks.map(([start, end], index) => [Math.log2(end - start), Buffer.from(edge[index]!)]);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends a leaf hash; calls `completed(level, index, hash)` for each perfect subtree of level ≥ 1 it completes. */
  push(leafHash: Uint8Array, completed?: (level: number, index: number, hash: Buffer) => void): void {
    let level = 0;
    let hash: Buffer = Buffer.from(leafHash);
    const leafIndex = this.#size;
    while (this.#edge.length > 0 && this.#edge[this.#edge.length - 1]![0] === level) {
      hash = merkleNodeHash(this.#edge.pop()![1], hash);
      level += 1;
      completed?.(level, Math.floor(leafIndex / 2 ** level), hash);
    }
    this.#edge.push([level, hash]);
    this.#size += 1;
  }

  /** An independent copy, to extend tentatively (inside a transaction that may roll back). */
  clone(): MerkleFrontier {
    return new MerkleFrontier(this.#size, this.#edge.map(([, hash]) => hash));
  }

  /** The tree's root hash (RFC 6962 `MTH`). */
  root(): Buffer {
    return foldRight(this.#edge.map(([, hash]) => hash));
  }
}
