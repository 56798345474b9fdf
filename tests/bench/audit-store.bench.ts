/**
 * Audit-log throughput: entries per second into SQLite (a file, WAL) and PostgreSQL (when
 * CITYHUB_TEST_POSTGRES_URL is set): the hash chain alone against the chain with the Merkle
 * tree and signed checkpoints (default settings), and the latter with one transaction per
 * entry. Each round appends ENTRIES entries concurrently with each variant in turn
 * (interleaved, so machine noise hits all alike); the figures are medians over the rounds.
 *
 *   CITYHUB_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- audit-store
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqlDatabase } from '../../connectors/kinds/sql/database.ts';
import { generateKeyPairSync } from 'node:crypto';
import { createAuditLog, type AuditLog, type AuditLogOptions } from '../../governance/audit/create-audit-log.ts';
import { createNoteSigner } from '../../governance/audit/signed-note.ts';
import { migrateAuditLog } from '../../governance/audit/migrate-audit-log.ts';
import { entryInput } from '../governance/audit/fixtures.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';

const ENTRIES = 200;
const ROUNDS = 9;
const signer = createNoteSigner('cityhub.bench/audit', generateKeyPairSync('ed25519').privateKey);

// Each variant writes its own store: a log without the tree cannot share a store with one that keeps it.
const dir = mkdtempSync(join(tmpdir(), 'cityhub-audit-bench-'));
type Store = { db: TestDatabase['db']; dialect: TestDatabase['dialect']; close(): Promise<void> };
const stores: Store[] = [];
const postgres = DIALECTS.find((dialect) => dialect.name === 'postgres');
const engines: Array<{ name: string; open(label: string): Promise<Store> }> = [
  {
    name: 'sqlite file',
    async open(label) {
      const database = openSqlDatabase(`sqlite:${join(dir, `${label.replace(/\W+/g, '-')}.db`)}`);
      return { db: database.db, dialect: database.dialect, close: () => database.db.destroy() };
    },
  },
];
if (postgres !== undefined) {
  engines.push({
    name: 'postgres',
    async open() {
      const database = await postgres.create();
      return { db: database.db, dialect: database.dialect, close: () => database.drop() };
    },
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const VARIANTS: Array<[string, Omit<AuditLogOptions, 'db' | 'dialect'>]> = [
  ['chain alone (merkleTree: false)', { merkleTree: false }],
  ['tree + checkpoints (defaults)', { checkpoints: { signer } }],
  // 200 transactions in a row may take longer than the default 10 s commit timeout on a busy machine.
  ['tree + checkpoints, batchMaxSize 1', { checkpoints: { signer }, batchMaxSize: 1, commitTimeoutMs: 120_000 }],
];

try {
  console.log(`audit appends: ${ENTRIES} concurrent appends per round, variants interleaved, medians of ${ROUNDS} rounds (ratio: to the chain alone)`);
  console.log('  store'.padEnd(16) + 'variant'.padEnd(40) + 'entries/s'.padStart(12) + 'ratio'.padStart(9));
  for (const engine of engines) {
    const variants: Array<[string, AuditLog]> = [];
    for (const [label, options] of VARIANTS) {
      const store = await engine.open(label);
      stores.push(store);
      await migrateAuditLog({ db: store.db, dialect: store.dialect });
      variants.push([label, createAuditLog({ ...options, db: store.db, dialect: store.dialect })]);
    }
    const rates = new Map<string, number[]>(variants.map(([label]) => [label, []]));
    for (let round = 0; round <= ROUNDS; round += 1) {
      for (const [label, log] of variants) {
        const started = performance.now();
        await Promise.all(Array.from({ length: ENTRIES }, () => log.append(entryInput())));
        // Round 0 is the warm-up.
        if (round > 0) rates.get(label)!.push(ENTRIES / ((performance.now() - started) / 1000));
      }
    }
    const base = median(rates.get(variants[0]![0])!);
    for (const [label, log] of variants) {
      const rate = median(rates.get(label)!);
      console.log(`  ${engine.name}`.padEnd(16) + label.padEnd(40) + rate.toFixed(0).padStart(12) + `${(rate / base).toFixed(2)}x`.padStart(9));
      await log.close();
    }
    const report = await variants[1]![1].verify();
    if (!report.ok) throw new Error(`the log written by the benchmark is broken: ${report.message}`);
    console.log(`  ${engine.name}: tree + checkpoints log verified, ${report.entriesChecked} entries, ${report.checkpoint?.checkpointsChecked ?? 0} checkpoints`);
  }
} finally {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
}
