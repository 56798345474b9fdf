import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../connectors/index.ts';
import { runMigrateCommand } from '../../gateway/migrate-command.ts';
import { openHubStores, type HubStores } from '../../gateway/store-database.ts';
import { PERSONAS, type Principal } from '../../governance/index.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';
import { entryInput } from '../governance/audit/fixtures.ts';

const postgres = DIALECTS.find((dialect) => dialect.name === 'postgres');
const healthOfficer: Principal = { subject: 'health-officer-1', department: 'Health Commission', roles: ['officer'], jurisdictions: ['3101'], purposes: ['city-operations'] };

/**
 * `cityhub migrate` as the tables' owner, then the hub as a login role holding exactly the
 * grants README lists (`--grant-hub-role`), on the real PostgreSQL.
 */
describe.skipIf(postgres === undefined)("the hub's least grants on postgres", () => {
  const suffix = randomBytes(4).toString('hex');
  const group = `cityhub_hub_${suffix}`;
  const login = `cityhub_hub_login_${suffix}`;
  let owner: TestDatabase;
  let hubUrl: string;
  let stores: HubStores;

  beforeAll(async () => {
    owner = await postgres!.create();
    await runMigrateCommand({ databaseUrl: owner.url, grantHubRole: group });
    // The test server trusts local connections, so the login role needs no password.
    await sql.raw(`CREATE ROLE ${login} LOGIN IN ROLE ${group}`).execute(owner.db);
    const url = new URL(owner.url);
    url.username = login;
    hubUrl = url.toString();
    stores = await openHubStores({ dataDir: '.', databaseUrl: hubUrl, migrate: false });
  });
  afterAll(async () => {
    await stores?.close();
    await owner?.drop();
    if (owner !== undefined) {
      const admin = openSqlDatabase(process.env.CITYHUB_TEST_POSTGRES_URL!, { maxConnections: 1 });
      await sql.raw(`DROP ROLE IF EXISTS ${login}`).execute(admin.db);
      await sql.raw(`DROP ROLE IF EXISTS ${group}`).execute(admin.db);
      await admin.db.destroy();
    }
  });

  it("runs the hub's reads and writes: agreements requested, decided, listed and revoked; audit appended, searched and verified", async () => {
    const { agreements, audit } = stores;
    const request = {
      requesterDepartment: 'Civil Affairs Bureau',
      providerDepartment: 'Health Commission',
      typeName: 'Resident',
      fields: ['phone'],
      purpose: 'elderly-care',
      validFrom: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 3600_000),
      requestedBy: PERSONAS.caseWorker,
      reason: 'Home visits',
    };
    const first = await agreements.request(request);
    await agreements.approve(first.id, { by: healthOfficer });
    const second = await agreements.request(request);
    await agreements.reject(second.id, { by: healthOfficer, reason: 'Duplicate' });
    expect((await agreements.list({ requesterDepartment: 'Civil Affairs Bureau', status: 'approved' })).map((a) => a.id)).toEqual([first.id]);
    await agreements.revoke(first.id, { by: healthOfficer, reason: 'Visits done' });
    expect((await agreements.get(first.id))?.status).toBe('revoked');
    await Promise.all(Array.from({ length: 5 }, () => audit!.append(entryInput())));
    expect((await audit!.search({}, { first: 10 })).entries).toHaveLength(5);
    expect(await audit!.verify()).toMatchObject({ ok: true, entriesChecked: 5 });
  });

  it('holds nothing more: it cannot delete agreements, rewrite the log, or run the migrations itself', async () => {
    const hub = openSqlDatabase(hubUrl, { maxConnections: 1 });
    try {
      await expect(sql.raw('DELETE FROM cityhub_agreements').execute(hub.db)).rejects.toThrow(/permission denied/);
      await expect(sql.raw('UPDATE cityhub_audit_entries SET outcome = outcome').execute(hub.db)).rejects.toThrow(/permission denied/);
      await expect(sql.raw('CREATE TABLE cityhub_intruder (x int)').execute(hub.db)).rejects.toThrow(/permission denied/);
    } finally {
      await hub.db.destroy();
    }
    await expect(openHubStores({ dataDir: '.', databaseUrl: hubUrl })).rejects.toThrow(/permission denied/);
  });

  it('refuses to start without migrating on a store that `cityhub migrate` never ran on, saying so', async () => {
    const empty = await postgres!.create();
    try {
      await expect(openHubStores({ dataDir: '.', databaseUrl: empty.url, migrate: false })).rejects.toThrow(/is not migrated \(cannot read cityhub_agreement_migrations\): run `cityhub migrate`/);
    } finally {
      await empty.drop();
    }
  });
});
