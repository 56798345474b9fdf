/**
 * Audit-log throughput: entries per second into SQLite (a file, WAL) and PostgreSQL (when
 * CITYHUB_TEST_POSTGRES_URL is set), with group commit against one transaction per entry.
 * Each benchmark iteration appends ENTRIES entries concurrently, so entries/s = hz × ENTRIES.
 *
 *   CITYHUB_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npx vitest bench --run tests/bench/audit-store.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { openSqlDatabase } from '../../connectors/kinds/sql/database.ts';
import { createAuditLog } from '../../governance/audit/create-audit-log.ts';
import { migrateAuditLog } from '../../governance/audit/migrate-audit-log.ts';
import { entryInput } from '../governance/audit/fixtures.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';

const ENTRIES = 200;
const options = { time: 1000, iterations: 3, warmupIterations: 1, warmupTime: 100 };

const dir = mkdtempSync(join(tmpdir(), 'cityhub-audit-bench-'));
const sqlite = openSqlDatabase(`sqlite:${join(dir, 'audit.db')}`);
const databases: Array<{ name: string; database: Pick<TestDatabase, 'db' | 'dialect'> }> = [{ name: 'sqlite file', database: sqlite }];
const postgres = DIALECTS.find((dialect) => dialect.name === 'postgres');
const postgresDatabase = postgres === undefined ? undefined : await postgres.create();
if (postgresDatabase !== undefined) databases.push({ name: 'postgres', database: postgresDatabase });
for (const { database } of databases) await migrateAuditLog({ db: database.db, dialect: database.dialect });

afterAll(async () => {
  await sqlite.db.destroy();
  rmSync(dir, { recursive: true, force: true });
  await postgresDatabase?.drop();
});

for (const { name, database } of databases) {
  describe(`${name}: ${ENTRIES} concurrent appends`, () => {
    const grouped = createAuditLog({ db: database.db, dialect: database.dialect });
    const single = createAuditLog({ db: database.db, dialect: database.dialect, batchMaxSize: 1 });
    bench('group commit (defaults)', async () => {
      await Promise.all(Array.from({ length: ENTRIES }, () => grouped.append(entryInput())));
    }, options);
    bench('one transaction per entry (batchMaxSize 1)', async () => {
      await Promise.all(Array.from({ length: ENTRIES }, () => single.append(entryInput())));
    }, options);
  });
}
