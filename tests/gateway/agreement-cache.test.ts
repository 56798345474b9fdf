import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../connectors/index.ts';
import { cacheAgreements } from '../../gateway/governance/cache-agreements.ts';
import { openHubStores, type HubStores } from '../../gateway/store-database.ts';
import { createAgreementStore, PERSONAS, type AgreementStore } from '../../governance/index.ts';
import { DIALECTS, serverUrl, type TestDatabase } from '../support/servers.ts';

const requester = PERSONAS.streetOfficer;
const provider = PERSONAS.caseWorker;
const inForce = (store: AgreementStore) => store.list({ requesterDepartment: requester.department, purpose: 'elderly-care', status: 'approved' });

async function approvedAgreement(store: AgreementStore, validUntil = new Date(Date.now() + 86_400_000)) {
  const pending = await store.request({
    requesterDepartment: requester.department,
    providerDepartment: provider.department,
    typeName: 'ElderlyResident',
    fields: ['name', 'phone'],
    purpose: 'elderly-care',
    validFrom: new Date(Date.now() - 60_000),
    validUntil,
    requestedBy: requester,
    reason: 'home visits',
  });
  return store.approve(pending.id, { by: provider });
}

describe('agreements cached in memory (SQLite)', () => {
  let dataDir: string;
  let stores: HubStores;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-agreement-cache-'));
    stores = await openHubStores({ dataDir, audit: false, agreementCheckIntervalMs: 200 });
  });
  afterAll(async () => {
    await stores?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads the agreements in force once, then answers from memory', async () => {
    const approved = await approvedAgreement(stores.agreements);
    expect((await inForce(stores.agreements)).map((a) => a.id)).toContain(approved.id);
    // Written behind the store's back (no announcement, and within the check interval): still the cached answer.
    await stores.database.db.updateTable('cityhub_agreements').set({ status: 'revoked' }).where('id', '=', approved.id).execute();
    expect((await inForce(stores.agreements)).map((a) => a.id)).toContain(approved.id);
    // The periodic check sees the store's fingerprint change (the safety net).
    await stores.database.db.updateTable('cityhub_agreements').set({ revoked_at: new Date().toISOString() }).where('id', '=', approved.id).execute();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await inForce(stores.agreements)).map((a) => a.id)).not.toContain(approved.id);
  });

  it('applies a revocation from the very next read, made through the store or by another process on the same file', async () => {
    const approved = await approvedAgreement(stores.agreements);
    expect((await inForce(stores.agreements)).map((a) => a.id)).toContain(approved.id);
    await stores.agreements.revoke(approved.id, { by: provider, reason: 'visits over' });
    expect((await inForce(stores.agreements)).map((a) => a.id)).not.toContain(approved.id);

    // Another connection to the file (the `cityhub agreements` CLI) is caught by the periodic check.
    const again = await approvedAgreement(stores.agreements);
    expect((await inForce(stores.agreements)).map((a) => a.id)).toContain(again.id);
    const other = openSqlDatabase(`sqlite:${join(dataDir, 'cityhub.sqlite')}`);
    try {
      await createAgreementStore({ db: other.db, migrate: false }).revoke(again.id, { by: provider, reason: 'visits over' });
    } finally {
      await other.db.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await inForce(stores.agreements)).map((a) => a.id)).not.toContain(again.id);
  });

  it('never serves an agreement past its validUntil from memory', async () => {
    let clock = Date.now();
    const store = createAgreementStore({ db: stores.database.db, migrate: false, now: () => new Date(clock) });
    const cached = await cacheAgreements({ store, dialect: 'sqlite', now: () => new Date(clock) });
    try {
      const soon = await approvedAgreement(store, new Date(clock + 60_000));
      expect((await inForce(cached)).map((a) => a.id)).toContain(soon.id);
      clock += 61_000;
      expect((await inForce(cached)).map((a) => a.id)).not.toContain(soon.id);
    } finally {
      await cached.close();
    }
  });

  it('refuses a bad check interval and a PostgreSQL store without its URL, naming them', async () => {
    const store = createAgreementStore({ db: stores.database.db, migrate: false });
    await expect(cacheAgreements({ store, dialect: 'sqlite', checkIntervalMs: 0 })).rejects.toThrow('checkIntervalMs must be a positive integer, received 0');
    await expect(cacheAgreements({ store, dialect: 'postgres' })).rejects.toThrow('databaseUrl is required to LISTEN for agreement changes on PostgreSQL');
  });
});

const postgres = serverUrl('CITYHUB_TEST_POSTGRES_URL') ? DIALECTS.find((dialect) => dialect.name === 'postgres') : undefined;

describe.skipIf(!postgres)('agreements cached by two hub instances on one PostgreSQL', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let dataDir: string;
  let first: HubStores;
  let second: HubStores;
  beforeAll(async () => {
    database = await postgres!.create();
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-agreement-cache-pg-'));
    // Each hub instance opens its own pool and its own LISTEN connection, as `cityhub start` does.
    first = await openHubStores({ dataDir, databaseUrl: database.url, audit: false });
    second = await openHubStores({ dataDir, databaseUrl: database.url, audit: false });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies an approval and a revocation made on one instance from the very next read on the other', async () => {
    expect(await inForce(second.agreements)).toEqual([]);
    const approved = await approvedAgreement(first.agreements);
    expect((await inForce(second.agreements)).map((a) => a.id)).toEqual([approved.id]);
    await first.agreements.revoke(approved.id, { by: provider, reason: 'visits over' });
    expect(await inForce(second.agreements)).toEqual([]);
    expect(await inForce(first.agreements)).toEqual([]);
  });
});
