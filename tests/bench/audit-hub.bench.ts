/**
 * The audit's cost through the real hub: requests per second with the audit on vs off, in
 * one run (interleaved rounds, medians, see `compare()`), sequential and 16 at a time; then
 * entries per second appended straight into the store (SQLite file, and PostgreSQL when
 * CITYHUB_TEST_POSTGRES_URL is set, whose hub also joins the comparison).
 *
 * `npm run bench -- audit-hub`
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openHubStores } from '../../gateway/store-database.ts';
import type { AuditEntryInput } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';
import { compare } from './latency-recorder.ts';

const QUERY = 'query Bench { elderlyResidents(first: 20) { personId name careLevel } }';
const CONCURRENCY = 16;
const postgresUrl = process.env.CITYHUB_TEST_POSTGRES_URL;

async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cityhub_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

function entry(i: number): AuditEntryInput {
  return {
    requestId: randomUUID(),
    principal: 'persona-case-worker',
    department: 'Civil Affairs Bureau',
    purpose: 'elderly-care',
    operationName: 'Bench',
    operationHash: 'f'.repeat(64),
    outcome: 'ok',
    latencyMs: 1.5,
    sources: [
      {
        system: 'elderly-registry',
        fieldsRead: ['ElderlyResident.personId', 'ElderlyResident.name'],
        rowsReturned: 3,
        personalKeys: [`p-${i}-1`, `p-${i}-2`, `p-${i}-3`],
        rowsFiltered: 0,
        fieldsMasked: [],
        fieldsDenied: [],
        conditionalFields: [],
        agreementIds: [],
        outcome: 'ok',
        latencyMs: 1.2,
      },
    ],
  };
}

// Entries per second appended straight into a store: `total` appends, `inFlight` at a time.
async function appendRate(label: string, databaseUrl: string | undefined, total = 5_000, inFlight = 512): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-bench-'));
  const stores = await openHubStores({ dataDir, databaseUrl });
  try {
    const log = stores.audit!;
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(entry(i)))); // warm up
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) await log.append(entry(next++));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const verified = await log.verify();
    console.log(`  ${label.padEnd(36)}${(total / seconds).toFixed(0).padStart(10)} entries/s  (${total} entries, ${inFlight} in flight, chain ${verified.ok ? 'intact' : 'BROKEN'} over ${verified.entriesChecked})`);
  } finally {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const hubs: Array<[string, TestHub]> = [];
const postgres = postgresUrl ? await createPostgresDatabase(postgresUrl) : undefined;
try {
  hubs.push(['audit off', await startTestHub({ governance: true })]);
  hubs.push(['audit on (SQLite)', await startTestHub({ governance: true, audit: true })]);
  if (postgres) hubs.push(['audit on (PostgreSQL)', await startTestHub({ governance: true, audit: true, auditDatabaseUrl: postgres.url })]);
  else console.log('CITYHUB_TEST_POSTGRES_URL is not set: PostgreSQL figures skipped');
  for (const [name, hub] of hubs) {
    const response = await hub.queryAs('caseWorker', QUERY);
    if (response.errors || response.data.elderlyResidents.length !== 20) throw new Error(`${name}: unexpected response ${JSON.stringify(response).slice(0, 300)}`);
  }
  await compare(
    `caseWorker reading 20 elderly residents, one request at a time`,
    hubs.map(([name, hub]) => [name, () => hub.queryAs('caseWorker', QUERY)]),
    { rounds: 5, durationMs: 2_000 },
  );
  const batches = await compare(
    `the same, ${CONCURRENCY} concurrent requests per task (req/s column = tasks/s)`,
    hubs.map(([name, hub]) => [name, () => Promise.all(Array.from({ length: CONCURRENCY }, () => hub.queryAs('caseWorker', QUERY)))]),
    { rounds: 5, durationMs: 2_000 },
  );
  for (const [name, summary] of batches) console.log(`  ${name.padEnd(36)}${(summary.rps * CONCURRENCY).toFixed(0).padStart(10)} requests/s at ${CONCURRENCY} concurrent`);
  for (const [name, hub] of hubs) {
    if (!hub.audit) continue;
    const report = await hub.audit.log.verify();
    console.log(`  ${name}: ${report.entriesChecked} entries written during the run, chain ${report.ok ? 'intact' : 'BROKEN'}`);
  }
} finally {
  for (const [, hub] of hubs) await hub.close();
}

console.log('\nentries per second appended straight into the store (group commit)');
await appendRate('SQLite file', undefined);
if (postgres) {
  try {
    await appendRate('PostgreSQL', postgres.url);
  } finally {
    await postgres.drop();
  }
}
