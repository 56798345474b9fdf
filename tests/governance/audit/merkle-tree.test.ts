import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditLeafHash,
  consistencyProofRanges,
  EMPTY_TREE_HASH,
  foldRight,
  inclusionProofRanges,
  MerkleFrontier,
  merkleNodeHash,
  perfectBlocks,
  verifyConsistencyProof,
  verifyInclusionProof,
} from '../../../governance/audit/merkle-tree.ts';

// RFC 6962 MTH written straight from the RFC's recursive definition, as the reference.
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return merkleNodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const entryHash = (i: number) => createHash('sha256').update(`entry ${i}`).digest('hex');
const leaves = Array.from({ length: 70 }, (_, i) => auditLeafHash(entryHash(i)));
const rangeHash = ([start, end]: readonly [number, number]) => mth(leaves.slice(start, end));

describe('RFC 6962 Merkle tree', () => {
  it('hashes a leaf as SHA-256(0x00 || entry hash bytes) and a node as SHA-256(0x01 || left || right)', () => {
    const hash = entryHash(1);
    expect(auditLeafHash(hash)).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(hash, 'hex')])).digest());
    const [a, b] = [leaves[0]!, leaves[1]!];
    expect(merkleNodeHash(a, b)).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from([1]), a, b])).digest());
    expect(EMPTY_TREE_HASH.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses an entry hash that is not 64 hex digits', () => {
    expect(() => auditLeafHash('abc')).toThrow(/64 lower-case hex digits, received "abc"/);
  });

  it('keeps the root incrementally equal to MTH at every size, reporting each completed subtree', () => {
    const frontier = new MerkleFrontier();
    const completed: string[] = [];
    for (let size = 1; size <= leaves.length; size += 1) {
      frontier.push(leaves[size - 1]!, (level, idx, hash) => {
        expect(hash).toEqual(rangeHash([idx * 2 ** level, (idx + 1) * 2 ** level]));
        completed.push(`${level}:${idx}`);
      });
      expect(frontier.root()).toEqual(mth(leaves.slice(0, size)));
      const resumed = new MerkleFrontier(size, perfectBlocks(0, size).map(rangeHash));
      expect(resumed.root()).toEqual(frontier.root());
    }
    expect(completed).toContain('6:0');
    expect(() => new MerkleFrontier(3, [leaves[0]!])).toThrow(/has 2 edge subtrees, received 1/);
  });

  it('folds the perfect blocks of any range into its MTH', () => {
    for (const [start, end] of [[0, 7], [64, 70], [32, 45], [16, 17]] as const) {
      expect(foldRight(perfectBlocks(start, end).map(rangeHash))).toEqual(rangeHash([start, end]));
    }
  });

  it('builds inclusion proofs that verify for every leaf of every size, and fail when altered', () => {
    for (let size = 1; size <= 40; size += 1) {
      const root = mth(leaves.slice(0, size));
      for (let index = 0; index < size; index += 1) {
        const proof = inclusionProofRanges(index, size).map(rangeHash);
        expect(verifyInclusionProof(index, size, leaves[index]!, proof, root)).toBe(true);
        expect(verifyInclusionProof(index, size, leaves[69]!, proof, root)).toBe(false);
        if (proof.length > 0) {
          const altered = proof.map((hash, at) => (at === 0 ? merkleNodeHash(hash, hash) : hash));
          expect(verifyInclusionProof(index, size, leaves[index]!, altered, root)).toBe(false);
          expect(verifyInclusionProof(index, size, leaves[index]!, proof.slice(1), root)).toBe(false);
        }
      }
    }
  });

  it('builds consistency proofs that verify between every pair of sizes, and fail when altered', () => {
    for (let to = 1; to <= 33; to += 1) {
      const newRoot = mth(leaves.slice(0, to));
      for (let from = 1; from <= to; from += 1) {
        const oldRoot = mth(leaves.slice(0, from));
        const proof = consistencyProofRanges(from, to).map(rangeHash);
        expect(verifyConsistencyProof(from, to, oldRoot, newRoot, proof)).toBe(true);
        if (from < to) {
          expect(verifyConsistencyProof(from, to, newRoot, newRoot, proof)).toBe(false);
          const altered = proof.map((hash, at) => (at === proof.length - 1 ? merkleNodeHash(hash, hash) : hash));
          expect(verifyConsistencyProof(from, to, oldRoot, newRoot, altered)).toBe(false);
        }
      }
    }
  });

  it('refuses proof requests outside the tree', () => {
    expect(() => inclusionProofRanges(5, 5)).toThrow(/leaf index must be an integer from 0 to 4, received 5/);
    expect(() => inclusionProofRanges(0, 0)).toThrow(/tree size must be a positive integer, received 0/);
    expect(() => consistencyProofRanges(6, 5)).toThrow(/older tree size must be an integer from 0 to 5, received 6/);
  });
});
