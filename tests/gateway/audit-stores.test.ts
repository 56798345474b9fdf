import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAuditApi, withAuditApi } from '../../gateway/audit/audit-api.ts';
import { useAudit } from '../../gateway/audit/use-audit.ts';
import { hubDatabaseUrl, openHubStores } from '../../gateway/store-database.ts';
import { resolveGovernanceConfig } from '../../gateway/governance/governance-config.ts';
import { PERSONAS } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

describe("the hub's one store", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-stores-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps agreements and the audit log in <dataDir>/cityhub.sqlite, the file governance resolves too, migrated on open', async () => {
    expect(resolveGovernanceConfig({}, dataDir).databaseUrl).toBe(hubDatabaseUrl({ dataDir }));
    expect(hubDatabaseUrl({ dataDir })).toBe(`sqlite:${join(dataDir, 'cityhub.sqlite')}`);
    const stores = await openHubStores({ dataDir });
    const agreement = await stores.agreements.request({
      requesterDepartment: PERSONAS.streetOfficer.department,
      providerDepartment: PERSONAS.caseWorker.department,
      typeName: 'ElderlyResident',
      fields: ['name'],
      purpose: 'elderly-care',
      validFrom: new Date(),
      validUntil: new Date(Date.now() + 86_400_000),
      requestedBy: PERSONAS.streetOfficer,
      reason: 'home visits',
    });
    const entry = await stores.audit!.append({
      requestId: 'r-1',
      principal: 'p',
      department: null,
      purpose: null,
      operationName: null,
      operationHash: 'a'.repeat(64),
      outcome: 'ok',
      latencyMs: 1,
      sources: [],
    });
    const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(stores.database.db);
    expect(rows.map((row) => row.name)).toEqual(expect.arrayContaining(['cityhub_agreements', 'cityhub_audit_entries']));
    await stores.close();
    await stores.close(); // a second close is harmless

    const reopened = await openHubStores({ dataDir, audit: false });
    expect(reopened.audit).toBeUndefined();
    expect((await reopened.agreements.get(agreement.id))?.id).toBe(agreement.id);
    expect((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM cityhub_audit_entries`.execute(reopened.database.db)).rows[0]!.n).toBe(entry.seq);
    await reopened.close();
  });

  it('refuses a bad audit option, naming it', async () => {
    await expect(openHubStores({ dataDir, audit: 'yes' as never })).rejects.toThrow(/audit must be a boolean, received "yes"/);
    await expect(openHubStores(null as never)).rejects.toThrow(TypeError);
  });

  it('fails with the migration error, and releases the database, when the store cannot be reached', async () => {
    await expect(openHubStores({ dataDir, databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});

describe("the audit plugin's and the auditors' API's options", () => {
  const city = buildSchema('type Query { hello: String }');

  it('refuses a missing log or manifests function, naming the option', () => {
    expect(() => useAudit({ log: undefined as never, manifests: () => [] })).toThrow(/log must be an AuditLog/);
    expect(() => useAudit({ log: { append: async () => ({}) } as never, manifests: [] as never })).toThrow(/manifests must be a function/);
  });

  it('adds the API beside the city fields, and refuses a schema that already defines its names', () => {
    const log = { search: async () => ({ entries: [], pageInfo: { hasNextPage: false, endCursor: null } }) } as never;
    const served = addAuditApi(city, { log });
    expect(Object.keys(served.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['hello', 'auditEntries', 'auditVerify', 'auditReportOutOfHours']));
    expect(() => addAuditApi(served, { log })).toThrow(/already defines AuditOutcome.*Query\.auditEntries/s);
    expect(() => addAuditApi(city, { log: {} as never })).toThrow(/log must be an AuditLog/);
    expect(() => withAuditApi('schema' as never, { log })).toThrow(/schemaOf must be a function/);
    const memoized = withAuditApi(() => city, { log });
    expect(memoized()).toBe(memoized());
  });
});

describe('the audit without governance', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ audit: true });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it("names every record returned even when the key was not selected, and keeps the gateway's key out of the response", async () => {
    const withKeys = await hub.query('{ elderlyResidents(first: 3) { personId } }');
    const response = await hub.query('query Care { elderlyResidents(first: 3) { careLevel } }');
    expect(response.data.elderlyResidents).toHaveLength(3);
    expect(JSON.stringify(response.data)).not.toMatch(/_cityhub/);
    const { entries } = await hub.audit!.log.search({ requestId: (response as any).extensions.requestId });
    expect(entries[0]!.sources[0]!.personalKeys).toEqual(withKeys.data.elderlyResidents.map((row: { personId: string }) => row.personId));
  });

  it("refuses a client alias in the gateway's reserved namespace, recording nothing", async () => {
    const before = await hub.audit!.log.head();
    const response = await hub.query('{ elderlyResidents(first: 1) { _cityhubKey: careLevel } }');
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await hub.audit!.log.head()).toEqual(before);
  });

  it('refuses the audit API to every request, since without governance nobody is an auditor', async () => {
    const response = await hub.query('{ auditVerify { ok } }');
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
