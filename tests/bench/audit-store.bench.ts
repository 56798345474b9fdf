/**
 * Audit-log throughput: entries per second into SQLite (a file, WAL) and PostgreSQL (when
 * CITYHUB_TEST_POSTGRES_URL is set), with group commit against one transaction per entry.
 * Each round appends ENTRIES entries concurrently with each variant in turn (interleaved, so
 * machine noise hits both alike); the figures are medians over the rounds.
 *
 *   CITYHUB_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- audit-store
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqlDatabase } from '../../connectors/kinds/sql/database.ts';
import { createAuditLog } from '../../governance/audit/create-audit-log.ts';
import { migrateAuditLog } from '../../governance/audit/migrate-audit-log.ts';
import { entryInput } from '../governance/audit/fixtures.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';

const ENTRIES = 200;
const ROUNDS = 7;

const dir = mkdtempSync(join(tmpdir(), 'cityhub-audit-bench-'));
const sqlite = openSqlDatabase(`sqlite:${join(dir, 'audit.db')}`);
const databases: Array<{ name: string; database: Pick<TestDatabase, 'db' | 'dialect'> }> = [{ name: 'sqlite file', database: sqlite }];
const postgres = DIALECTS.find((dialect) => dialect.name === 'postgres');
const postgresDatabase = postgres === undefined ? undefined : await postgres.create();
if (postgresDatabase !== undefined) databases.push({ name: 'postgres', database: postgresDatabase });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  console.log(`audit appends: ${ENTRIES} concurrent appends per round, medians of ${ROUNDS} rounds`);
  console.log('  store'.padEnd(16) + 'variant'.padEnd(44) + 'entries/s'.padStart(12) + 'ratio'.padStart(9));
  for (const { name, database } of databases) {
    await migrateAuditLog({ db: database.db, dialect: database.dialect });
    const variants = [
      ['group commit (defaults)', createAuditLog({ db: database.db, dialect: database.dialect })],
      ['one transaction per entry (batchMaxSize 1)', createAuditLog({ db: database.db, dialect: database.dialect, batchMaxSize: 1 })],
    ] as const;
    const rates = new Map<string, number[]>(variants.map(([label]) => [label, []]));
    for (let round = 0; round <= ROUNDS; round += 1) {
      for (const [label, log] of variants) {
        const started = performance.now();
        await Promise.all(Array.from({ length: ENTRIES }, () => log.append(entryInput())));
        // Round 0 is the warm-up.
        if (round > 0) rates.get(label)!.push(ENTRIES / ((performance.now() - started) / 1000));
      }
    }
    const base = median(rates.get(variants[0][0])!);
    for (const [label, log] of variants) {
      const rate = median(rates.get(label)!);
      console.log(`  ${name}`.padEnd(16) + label.padEnd(44) + rate.toFixed(0).padStart(12) + `${(rate / base).toFixed(2)}x`.padStart(9));
      await log.close();
    }
    const report = await variants[0][1].verify().catch(() => undefined);
    if (report && !report.ok) throw new Error(`the chain written by the benchmark is broken: ${report.message}`);
  }
} finally {
  await sqlite.db.destroy();
  rmSync(dir, { recursive: true, force: true });
  await postgresDatabase?.drop();
}
