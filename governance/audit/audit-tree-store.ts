import type { Kysely } from 'kysely';
import { ENTRIES_TABLE, TREE_NODES_TABLE, TREE_STORED_LEVEL, type TreeNodeRow } from './audit-tables.ts';
import { auditLeafHash, foldRight, MerkleFrontier, perfectBlocks, type LeafRange } from './merkle-tree.ts';
import { prunedFrontier, prunedSubtrees, readPrunedPrefix } from './audit-retention.ts';

// Private: rows per INSERT statement and entries per read page.
const INSERT_CHUNK = 500;
const READ_PAGE = 2000;
const TILE = 2 ** TREE_STORED_LEVEL;

/** A stored subtree that the tree of the entries now in the log must contain, but does not. @internal */
export class AuditTreeError extends Error {
  override readonly name = 'AuditTreeError';
}

/**
 * The right edge of the tree over the first `size` entries, read inside the writer's
 * transaction: the stored subtrees of the largest multiple of 16 not above `size`, then the
 * last entries' hashes pushed onto it (from the pruned prefix's frontier when some of those
 * entries were pruned). @internal
 */
export async function readFrontier(db: Kysely<any>, size: number): Promise<MerkleFrontier> {
  const tiled = size - (size % TILE);
  const tail = tiled < size ? await readEntryHashes(db, tiled, size) : [];
  if (tail.length < size - tiled) {
    const pruned = await readPrunedPrefix(db);
    if (pruned === undefined || pruned.entries <= tiled || pruned.entries > size) {
      throw new AuditTreeError(`entries ${tiled + 1} to ${size} are not all in the log, and no pruning accounts for them`);
    }
    const frontier = prunedFrontier(pruned);
    for (const hash of tail) frontier.push(auditLeafHash(hash));
    if (frontier.size !== size) throw new AuditTreeError(`entries ${pruned.entries + 1} to ${size} are not all in the log`);
    return frontier;
  }
  const blocks = perfectBlocks(0, tiled);
  const stored = await readNodes(db, blocks);
  const frontier = new MerkleFrontier(
    tiled,
    blocks.map((block) => {
      const hash = stored.get(nodeKey(block));
      if (hash === undefined) throw new AuditTreeError(`the audit tree has no node for entries ${block[0] + 1} to ${block[1]}: the tree table was altered or not migrated`);
      return hash;
    }),
  );
  for (const hash of tail) frontier.push(auditLeafHash(hash));
  return frontier;
}

/**
 * Pushes the entries' hashes onto `frontier` and returns the rows of the stored subtrees
 * they complete. @internal
 */
export function extendFrontier(frontier: MerkleFrontier, entryHashes: readonly string[]): TreeNodeRow[] {
  const rows: TreeNodeRow[] = [];
  for (const hash of entryHashes) {
    frontier.push(auditLeafHash(hash), (level, idx, node) => {
      if (level >= TREE_STORED_LEVEL) rows.push({ level, idx, hash: node.toString('hex') });
    });
  }
  return rows;
}

/** Inserts tree node rows in chunks. @internal */
export async function insertTreeNodes(db: Kysely<any>, rows: readonly TreeNodeRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await db.insertInto(TREE_NODES_TABLE).values(rows.slice(start, start + INSERT_CHUNK)).execute();
  }
}

/** Builds the stored subtrees of entries already in the log (a log migrated from before the tree). @internal */
export async function backfillAuditTree(db: Kysely<any>): Promise<void> {
  const frontier = new MerkleFrontier();
  for (let after = 0; ; ) {
    const hashes = await readEntryHashes(db, after, after + READ_PAGE);
    await insertTreeNodes(db, extendFrontier(frontier, hashes));
    if (hashes.length < READ_PAGE) return;
    after += READ_PAGE;
  }
}

/** The chain hashes of the entries with seq in `(start, end]` (leaves `[start, end)`), in order. @internal */
export async function readEntryHashes(db: Kysely<any>, start: number, end: number): Promise<string[]> {
  const rows = await db.selectFrom(ENTRIES_TABLE).select(['seq', 'hash']).where('seq', '>', start).where('seq', '<=', end).orderBy('seq').execute();
  return rows.map((row) => row.hash as string);
}

/**
 * Reads subtree hashes from the store: each range of a proof is the right fold of its
 * perfect blocks; blocks of 16 leaves or more are stored, smaller ones recomputed from the
 * entries. Reads are batched per call and cached for the reader's life (one export, one
 * report). Throws {@link AuditTreeError} when a needed subtree is not there. @internal
 */
export interface AuditTreeReader {
  /** The hashes of `ranges`, in order. */
  rangeHashes(ranges: readonly LeafRange[]): Promise<Buffer[]>;
}

/** @internal */
export function createAuditTreeReader(db: Kysely<any>): AuditTreeReader {
  const cache = new Map<string, Buffer>();
  // Private: the pruned prefix's frontier, read once, for the small subtrees that reach into it.
  let pruned: Promise<{ entries: number; subtrees: Map<string, Buffer> }> | undefined;
  const prefix = () => (pruned ??= readPrunedPrefix(db).then((found) => ({ entries: found?.entries ?? 0, subtrees: prunedSubtrees(found) })));
  return {
    async rangeHashes(ranges) {
      const blocksOf = ranges.map(([start, end]) => perfectBlocks(start, end));
      const missing = new Map<string, LeafRange>();
      for (const block of blocksOf.flat()) if (!cache.has(nodeKey(block))) missing.set(nodeKey(block), block);
      const large = [...missing.values()].filter(([start, end]) => end - start >= TILE);
      const small = [...missing.values()].filter(([start, end]) => end - start < TILE);
      for (const [key, hash] of await readNodes(db, large)) cache.set(key, hash);
      for (const block of small) {
        const hashes = await readEntryHashes(db, block[0], block[1]);
        let frontier = new MerkleFrontier();
        if (hashes.length !== block[1] - block[0]) {
          // The block reaches into the pruned prefix: its pruned part must be subtrees of the prefix's frontier.
          const { entries, subtrees } = await prefix();
          const inPrefix = perfectBlocks(block[0], Math.min(entries, block[1]));
          const known = inPrefix.map((part) => subtrees.get(nodeKey(part)));
          if (entries <= block[0] || known.includes(undefined) || hashes.length !== block[1] - Math.min(entries, block[1])) {
            throw new AuditTreeError(
              entries > block[0] ? `entries ${block[0] + 1} to ${Math.min(entries, block[1])} were pruned: prove them with the archive that holds them` : `entries ${block[0] + 1} to ${block[1]} are not all in the log`,
            );
          }
          frontier = new MerkleFrontier(Math.min(entries, block[1]) - block[0], known as Buffer[]);
        }
        for (const hash of hashes) frontier.push(auditLeafHash(hash));
        cache.set(nodeKey(block), frontier.root());
      }
      return blocksOf.map((blocks) =>
        foldRight(
          blocks.map((block) => {
            const hash = cache.get(nodeKey(block));
            if (hash === undefined) throw new AuditTreeError(`the audit tree has no node for entries ${block[0] + 1} to ${block[1]}`);
            return hash;
          }),
        ),
      );
    },
  };
}

/** The highest leaf count any stored node covers (0 when none): stored nodes beyond the entries reveal a deleted tail. @internal */
export async function storedTreeExtent(db: Kysely<any>): Promise<number> {
  const rows = await db
    .selectFrom(TREE_NODES_TABLE)
    .select(['level', (eb) => eb.fn.max('idx').as('idx')])
    .groupBy('level')
    .execute();
  return rows.reduce((extent, row) => Math.max(extent, (Number(row.idx) + 1) * 2 ** Number(row.level)), 0);
}

/** The stored nodes among `blocks` (perfect subtrees of 16 leaves or more), by {@link nodeKey}. @internal */
export async function readNodes(db: Kysely<any>, blocks: readonly LeafRange[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  if (blocks.length === 0) return found;
  const rows = (await db
    .selectFrom(TREE_NODES_TABLE)
    .selectAll()
    .where((eb) =>
      eb.or(
        blocks.map(([start, end]) => {
          const level = Math.log2(end - start);
          return eb.and([eb('level', '=', level), eb('idx', '=', start / (end - start))]);
        }),
      ),
    )
    .execute()) as TreeNodeRow[];
  for (const row of rows) {
    const size = 2 ** Number(row.level);
    const start = Number(row.idx) * size;
    found.set(nodeKey([start, start + size]), Buffer.from(row.hash, 'hex'));
  }
  return found;
}

/** The cache key of a subtree. @internal */
export function nodeKey([start, end]: LeafRange): string {
  return `${start}:${end}`;
}
