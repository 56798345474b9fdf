/**
 * The audit's cost through the real hub: requests per second with the audit off, with the
 * hash chain alone, and with the Merkle tree and signed checkpoints (default intervals), in
 * one run (interleaved rounds, medians, see `compare()`), sequential and 16 at a time; then
 * entries per second appended straight into the store, chain alone vs tree and checkpoints
 * interleaved (SQLite file, and PostgreSQL when CITYHUB_TEST_POSTGRES_URL is set, whose hubs
 * also join the comparison).
 *
 * `npm run bench -- audit-hub`
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openHubStores, type HubStores } from '../../gateway/store-database.ts';
import { createNoteSigner, verifyAuditExport, type AuditEntryInput } from '../../governance/index.ts';
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

// The tree and checkpoints as `cityhub start` has them (default intervals), and the chain alone.
const signer = createNoteSigner('cityhub.bench/audit', generateKeyPairSync('ed25519').privateKey);
const TREE: AuditOptions = { checkpoints: { signer } };
const CHAIN_ALONE: AuditOptions = { merkleTree: false };
type AuditOptions = NonNullable<Parameters<typeof openHubStores>[0]['auditOptions']>;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// Entries per second appended straight into a store, the chain alone and with the tree and
// checkpoints alternating round by round (each in its own store): `perRound` appends,
// `inFlight` at a time.
async function appendRates(label: string, databaseUrls: [string | undefined, string | undefined], rounds = 5, perRound = 2_000, inFlight = 512): Promise<void> {
  const variants: Array<[string, HubStores, string]> = [];
  for (const [index, [name, options]] of ([['chain alone', CHAIN_ALONE], ['tree + checkpoints', TREE]] as const).entries()) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-bench-'));
    variants.push([name, await openHubStores({ dataDir, databaseUrl: databaseUrls[index], auditOptions: options }), dataDir]);
  }
  try {
    const rates = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    for (let round = 0; round <= rounds; round += 1) {
      for (const [name, stores] of variants) {
        const log = stores.audit!;
        const started = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            while (next < perRound) await log.append(entry(next++));
          }),
        );
        // Round 0 is the warm-up.
        if (round > 0) rates.get(name)!.push(perRound / ((performance.now() - started) / 1000));
      }
    }
    const base = median(rates.get('chain alone')!);
    for (const [name] of variants) {
      const rate = median(rates.get(name)!);
      console.log(`  ${`${label}, ${name}`.padEnd(40)}${rate.toFixed(0).padStart(10)} entries/s ${`${(rate / base).toFixed(2)}x`.padStart(7)}`);
    }
    const verified = await variants[1]![1].audit!.verify();
    console.log(`  ${label}: tree + checkpoints log ${verified.ok ? 'verified' : 'BROKEN'}, ${verified.entriesChecked} entries, ${verified.checkpoint?.checkpointsChecked ?? 0} checkpoints`);
  } finally {
    for (const [, stores, dataDir] of variants) {
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const hubs: Array<[string, TestHub]> = [];
const postgres = postgresUrl ? await Promise.all([createPostgresDatabase(postgresUrl), createPostgresDatabase(postgresUrl)]) : undefined;
try {
  hubs.push(['audit off', await startTestHub({ governance: true })]);
  hubs.push(['audit, chain alone (SQLite)', await startTestHub({ governance: true, audit: true, auditOptions: CHAIN_ALONE })]);
  hubs.push(['audit, tree + checkpoints (SQLite)', await startTestHub({ governance: true, audit: true, auditOptions: TREE })]);
  if (postgres) {
    hubs.push(['audit, chain alone (PostgreSQL)', await startTestHub({ governance: true, audit: true, auditDatabaseUrl: postgres[0].url, auditOptions: CHAIN_ALONE })]);
    hubs.push(['audit, tree + checkpoints (PostgreSQL)', await startTestHub({ governance: true, audit: true, auditDatabaseUrl: postgres[1].url, auditOptions: TREE })]);
  } else console.log('CITYHUB_TEST_POSTGRES_URL is not set: PostgreSQL figures skipped');
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
  for (const [name, summary] of batches) console.log(`  ${name.padEnd(40)}${(summary.rps * CONCURRENCY).toFixed(0).padStart(10)} requests/s at ${CONCURRENCY} concurrent`);
  for (const [name, hub] of hubs) {
    if (!hub.audit) continue;
    // The chain-alone hubs keep no tree, so only their chain is walked.
    const report = name.includes('chain alone') ? await verifyAuditExport(hub.audit.log.exportJsonLines()) : await hub.audit.log.verify();
    if (report) console.log(`  ${name}: ${report.entriesChecked} entries written during the run, ${report.ok ? 'intact' : 'BROKEN'}`);
  }
} finally {
  for (const [, hub] of hubs) await hub.close();
}

console.log('\nentries per second appended straight into the store (group commit), variants interleaved, medians of 5 rounds');
try {
  await appendRates('SQLite file', [undefined, undefined]);
  if (postgres) await appendRates('PostgreSQL', [postgres[0].url, postgres[1].url]);
} finally {
  for (const database of postgres ?? []) await database.drop();
}
