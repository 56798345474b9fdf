import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../../governance/index.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';
import { startTestHub, type GraphQLResponse, type TestHub, requestIdOf } from '../support/sample-hub.ts';

const ENTRY_FIELDS = /* GraphQL */ `
  seq requestId principal department purpose operationName outcome errorCode
  sources { system fieldsRead rowsReturned personalKeys rowsFiltered fieldsMasked fieldsDenied conditionalFields agreementIds outcome }
`;
const SEARCH = /* GraphQL */ `
  query Search($filter: AuditEntryFilter, $first: Int, $after: String) {
    auditEntries(filter: $filter, first: $first, after: $after) { nodes { ${ENTRY_FIELDS} } pageInfo { hasNextPage endCursor } }
  }
`;

type Entry = {
  seq: number;
  requestId: string;
  principal: string | null;
  department: string | null;
  purpose: string | null;
  operationName: string | null;
  outcome: string;
  errorCode: string | null;
  sources: Array<Record<string, any>>;
};

// Every entry matching the filter, through the auditors' GraphQL API, page by page.
async function searchAsAuditor(hub: TestHub, filter: Record<string, unknown>, pageSize = 3): Promise<Entry[]> {
  const found: Entry[] = [];
  let after: string | null = null;
  do {
    const response: GraphQLResponse = await hub.queryAs('auditor', SEARCH, { filter, first: pageSize, after });
    expect(response.errors).toBeUndefined();
    found.push(...response.data.auditEntries.nodes);
    after = response.data.auditEntries.pageInfo.hasNextPage ? response.data.auditEntries.pageInfo.endCursor : null;
  } while (after);
  return found;
}

async function entryOf(hub: TestHub, requestId: string): Promise<Entry> {
  const { entries } = await hub.audit!.log.search({ requestId });
  expect(entries).toHaveLength(1);
  return entries[0] as unknown as Entry;
}

for (const dialect of DIALECTS) {
  describe(`the audited, governed hub on ${dialect.name}`, () => {
    let hub: TestHub;
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = dialect.name === 'postgres' ? await dialect.create() : undefined;
      hub = await startTestHub({ governance: true, audit: true, ...(database ? { auditDatabaseUrl: database.url } : {}) });
    }, 60_000);
    afterAll(async () => {
      await hub?.close();
      await database?.drop();
    });

    it('keeps agreements and the audit log in one hub store', async () => {
      const tables = dialect.name === 'sqlite'
        ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(hub.stores!.database.db)).rows.map((row) => row.name)
        : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`.execute(hub.stores!.database.db)).rows.map((row) => row.name);
      expect(tables).toEqual(expect.arrayContaining(['cityhub_agreements', 'cityhub_audit_entries']));
      expect(hub.stores!.database.dialect).toBe(dialect.name);
    });

    it('appends one entry per response under concurrent load, denied requests included, on one valid chain', async () => {
      const before = (await hub.audit!.log.head())?.seq ?? 0;
      const sends: Array<Promise<GraphQLResponse>> = [];
      for (let i = 0; i < 48; i++) {
        if (i % 8 === 7) {
          sends.push(hub.query('{ elderlyResidents(first: 1) { careLevel } }', undefined, { authorization: 'Bearer not-a-token' }));
        } else {
          const persona = (['caseWorker', 'streetOfficer', 'districtOfficer'] as const)[i % 3]!;
          sends.push(hub.queryAs(persona, `query Load${i} { elderlyResidents(first: ${1 + (i % 4)}) { personId careLevel } }`));
        }
      }
      const responses = await Promise.all(sends);
      const denied = responses.filter((response) => response.status === 401);
      expect(denied).toHaveLength(6);
      const served = responses.filter((response) => response.status === 200);
      expect(served).toHaveLength(42);
      for (const response of served) expect(response.errors).toBeUndefined();
      const requestIds = served.map(requestIdOf);
      expect(new Set(requestIds).size).toBe(42);
      const head = await hub.audit!.log.head();
      expect(head!.seq - before).toBe(responses.length);
      for (const [index, requestId] of requestIds.entries()) {
        const entry = await entryOf(hub, requestId);
        const rows = served[index]!.data.elderlyResidents as Array<{ personId: string }>;
        expect(entry.sources.find((source) => source.system === 'elderly-registry')!.personalKeys).toEqual(rows.map((row) => row.personId));
      }
      expect((await hub.audit!.log.verify()).ok).toBe(true);
    });

    it('records requests refused before execution: a bad token (401) and a purpose the token does not allow (403)', async () => {
      const badToken = await hub.query('query Sneak { elderlyResidents { name } }', undefined, { authorization: 'Bearer broken' });
      expect(badToken.status).toBe(401);
      const badPurpose = await hub.queryAs('caseWorker', 'query Wrong { elderlyResidents { name } }', undefined, 'traffic-enforcement');
      expect(badPurpose.status).toBe(403);
      const { entries } = await hub.audit!.log.search({ outcome: 'denied' }, { first: 2 });
      const [purposeEntry, tokenEntry] = entries;
      expect(tokenEntry).toMatchObject({ principal: null, department: null, operationName: 'Sneak', outcome: 'denied', errorCode: 'UNAUTHENTICATED', sources: [] });
      expect(purposeEntry).toMatchObject({
        principal: PERSONAS.caseWorker.subject,
        department: PERSONAS.caseWorker.department,
        operationName: 'Wrong',
        outcome: 'denied',
        errorCode: 'FORBIDDEN',
      });
    });

    it("returns to an auditor exactly the requests that returned a resident, whether or not they selected the resident's key", async () => {
      const truth = await hub.queryAs('caseWorker', '{ elderlyResidents(first: 1000) { personId careLevel } }');
      const all = truth.data.elderlyResidents as Array<{ personId: string; careLevel: number }>;
      expect(all.length).toBeGreaterThan(2);
      expect(all.length).toBeLessThan(1000);
      const target = all[0]!;
      const other = all.find((row) => row.careLevel !== target.careLevel)!;
      const sameLevel = all.filter((row) => row.careLevel === target.careLevel).length;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const from = new Date().toISOString();

      const returned: string[] = [];
      const notReturned: string[] = [];
      const one = 'query One($id: ID!) { elderlyResident(personId: $id) { careLevel } }';
      const hit = await hub.queryAs('caseWorker', one, { id: target.personId });
      expect(hit.data.elderlyResident).toEqual({ careLevel: target.careLevel });
      returned.push(requestIdOf(hit));
      notReturned.push(requestIdOf(await hub.queryAs('caseWorker', one, { id: other.personId })));
      const level = 'query Level($level: Int) { elderlyResidents(where: { careLevel: $level }, first: 1000) { gender } }';
      const sameLevelResponse = await hub.queryAs('caseWorker', level, { level: target.careLevel });
      expect(sameLevelResponse.data.elderlyResidents).toHaveLength(sameLevel);
      returned.push(requestIdOf(sameLevelResponse));
      notReturned.push(requestIdOf(await hub.queryAs('caseWorker', level, { level: other.careLevel })));
      const viaFragment = await hub.queryAs('districtOfficer', '{ people: elderlyResidents(first: 1000) { ...Care } } fragment Care on ElderlyResident { careLevel }');
      expect(viaFragment.data.people.length).toBeGreaterThan(0);
      returned.push(requestIdOf(viaFragment));
      const street = await hub.queryAs('streetOfficer', one, { id: target.personId });
      (street.data?.elderlyResident ? returned : notReturned).push(requestIdOf(street));
      // Refused outright: nothing returned, so no key may be recorded.
      const byAuditor = await hub.queryAs('auditor', one, { id: target.personId });
      expect(byAuditor.data ?? null).toBeNull();
      const anonymous = await hub.queryAs(null, one, { id: target.personId });
      expect(anonymous.data?.elderlyResident ?? null).toBeNull();

      const found = await searchAsAuditor(hub, { personalKey: target.personId, from });
      expect(found.map((entry) => entry.requestId).sort()).toEqual([...returned].sort());
      for (const entry of found) {
        expect(entry.sources.find((source) => source.system === 'elderly-registry')!.personalKeys).toContain(target.personId);
      }
      for (const requestId of notReturned) {
        const entry = await entryOf(hub, requestId);
        expect(entry.sources.flatMap((source) => source.personalKeys)).not.toContain(target.personId);
      }
      // The key the gateway added for the audit never reaches the client.
      expect(JSON.stringify(sameLevelResponse)).not.toMatch(/_cityhub|personId/);
    });

    it("records governance's decisions per source: fields withheld, fields masked, and conditional fields read under an agreement", async () => {
      const withheld = await hub.queryAs('streetOfficer', 'query Withheld { elderlyResidents(first: 3) { careLevel name } }');
      expect(withheld.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      const withheldEntry = await entryOf(hub, requestIdOf(withheld));
      expect(withheldEntry.outcome).toBe('denied');
      expect(withheldEntry.sources).toMatchObject([
        { system: 'elderly-registry', fieldsRead: ['ElderlyResident.careLevel', 'ElderlyResident.name'], fieldsDenied: ['ElderlyResident.name'], fieldsMasked: [], outcome: 'denied' },
      ]);

      const masked = await hub.queryAs('streetOfficer', 'query Masked { communityWorkers(first: 2) { role name } }');
      expect(masked.errors).toBeUndefined();
      expect(masked.data.communityWorkers.length).toBeGreaterThan(0);
      const maskedEntry = await entryOf(hub, requestIdOf(masked));
      expect(maskedEntry.outcome).toBe('ok');
      expect(maskedEntry.sources).toMatchObject([{ system: 'community-workers', fieldsMasked: ['CommunityWorker.name'], fieldsDenied: [], agreementIds: [] }]);

      const agreements = hub.stores!.agreements;
      const pending = await agreements.request({
        requesterDepartment: PERSONAS.streetOfficer.department,
        providerDepartment: PERSONAS.caseWorker.department,
        typeName: 'ElderlyResident',
        fields: ['name'],
        purpose: 'elderly-care',
        validFrom: new Date(Date.now() - 60_000),
        validUntil: new Date(Date.now() + 86_400_000),
        requestedBy: PERSONAS.streetOfficer,
        reason: 'home visits',
      });
      const approved = await agreements.approve(pending.id, { by: PERSONAS.caseWorker });
      const from = new Date(Date.now() - 1000).toISOString();
      const covered = await hub.queryAs('streetOfficer', 'query Covered { elderlyResidents(first: 2) { name } }', undefined, 'elderly-care');
      expect(covered.errors).toBeUndefined();
      const coveredEntry = await entryOf(hub, requestIdOf(covered));
      expect(coveredEntry.sources).toMatchObject([
        { system: 'elderly-registry', conditionalFields: ['ElderlyResident.name'], agreementIds: [approved.id], fieldsDenied: [], fieldsMasked: [] },
      ]);
      // The case worker reads its own department's conditional field: no agreement needed, none recorded.
      const own = await hub.queryAs('caseWorker', 'query Own { elderlyResidents(first: 1) { name } }');
      expect((await entryOf(hub, requestIdOf(own))).sources).toMatchObject([{ conditionalFields: [], agreementIds: [] }]);

      const report = await hub.queryAs(
        'auditor',
        'query Uses($from: String!, $to: String!) { auditReportConditionalFieldUse(from: $from, to: $to) { principal fields agreementIds flagged problems } }',
        { from, to: new Date(Date.now() + 1000).toISOString() },
      );
      expect(report.errors).toBeUndefined();
      expect(report.data.auditReportConditionalFieldUse).toEqual([
        { principal: PERSONAS.streetOfficer.subject, fields: ['ElderlyResident.name'], agreementIds: [approved.id], flagged: false, problems: [] },
      ]);
    });

    it('serves the auditors their reports and the chain verification, and audits those reads too', async () => {
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const response = await hub.queryAs(
        'auditor',
        `query Reports($from: String!, $to: String!) {
          auditReportAccessesByDepartmentAndPurpose(from: $from, to: $to) { department purpose accesses personalRecords }
          auditReportOutOfHours(from: $from, to: $to) { seq localTime }
          auditReportUnusualPersonalReads(from: $from, to: $to, factor: 1) { principal personalRecords }
          auditVerify { ok entriesChecked last { seq hash } }
        }`,
        { from, to },
      );
      expect(response.errors).toBeUndefined();
      const byDepartment = response.data.auditReportAccessesByDepartmentAndPurpose as Array<{ department: string | null; purpose: string | null; accesses: number }>;
      expect(byDepartment.find((row) => row.department === PERSONAS.caseWorker.department && row.purpose === 'elderly-care')!.accesses).toBeGreaterThan(0);
      expect(Array.isArray(response.data.auditReportOutOfHours)).toBe(true);
      expect(response.data.auditReportUnusualPersonalReads.map((row: { principal: string }) => row.principal)).toContain(PERSONAS.caseWorker.subject);
      expect(response.data.auditVerify.ok).toBe(true);
      expect(response.data.auditVerify.entriesChecked).toBe(response.data.auditVerify.last.seq);

      const entry = await entryOf(hub, requestIdOf(response));
      expect(entry).toMatchObject({ principal: PERSONAS.auditor.subject, department: PERSONAS.auditor.department, purpose: 'audit', operationName: 'Reports', outcome: 'ok' });
      expect(entry.sources).toMatchObject([
        {
          system: 'cityhub.audit-log',
          fieldsRead: [
            'Query.auditReportAccessesByDepartmentAndPurpose',
            'Query.auditReportOutOfHours',
            'Query.auditReportUnusualPersonalReads',
            'Query.auditVerify',
          ],
          personalKeys: [],
        },
      ]);
    });

    it('refuses the audit API to everyone but auditors, revealing nothing: their schema has no audit types', async () => {
      for (const persona of ['caseWorker', 'cityOperationsOfficer', null] as const) {
        const response = await hub.queryAs(persona, SEARCH, { filter: {} });
        expect(response.status).toBe(400);
        expect(response.data ?? null).toBeNull();
        expect(response.errors!.map((error) => error.message)).toEqual(
          expect.arrayContaining([expect.stringMatching(/Unknown type "AuditEntryFilter"/), expect.stringMatching(/Cannot query field "auditEntries" on type "Query"/)]),
        );
        // Anonymous callers may not introspect, so no suggestion names a field either.
        if (persona === null) for (const error of response.errors!) expect(error.message).not.toMatch(/Did you mean/);
      }
      const verify = await hub.queryAs('districtOfficer', '{ auditVerify { ok entriesChecked } }');
      expect(verify.data ?? null).toBeNull();
      expect(verify.errors![0]!.message).toMatch(/Cannot query field "auditVerify" on type "Query"/);
    });

    it('refuses the auditor every operation that selects city data, alone or beside the audit API, and records the refusal', async () => {
      const direct = await hub.queryAs('auditor', 'query Peek { elderlyResidents(first: 5) { personId name } }');
      expect(direct.status).toBe(403);
      expect(direct.data ?? null).toBeNull();
      expect(direct.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      const entry = await entryOf(hub, requestIdOf(direct));
      expect(entry).toMatchObject({ principal: PERSONAS.auditor.subject, outcome: 'denied', errorCode: 'FORBIDDEN' });
      expect(entry.sources).toMatchObject([
        { system: 'elderly-registry', fieldsRead: ['ElderlyResident.personId', 'ElderlyResident.name'], fieldsDenied: ['ElderlyResident.personId', 'ElderlyResident.name'], rowsReturned: 0, personalKeys: [] },
      ]);
      const nested = await hub.queryAs('auditor', '{ auditEntries(first: 1) { nodes { seq } } street(code: "310106013") { name } }');
      expect(nested.data ?? null).toBeNull();
      expect(nested.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      // A subscription to city data is refused the same way, before any event is read.
      const stream = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${await hub.token('auditor')}`,
          'x-cityhub-purpose': 'audit',
        },
        body: JSON.stringify({ query: 'subscription { waterLevelAlarms(within: "310106") { stationId levelM } }' }),
        signal: AbortSignal.timeout(15_000),
      });
      expect(stream.status).toBe(403);
      const text = await stream.text();
      const events = text.split('\n').filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(5)));
      expect(events.length).toBeGreaterThan(0);
      expect(events[0].data ?? null).toBeNull();
      expect(events[0].errors?.map((error: { extensions?: { code?: string } }) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      // Who-am-I and the agreements stay readable: they are not city data.
      const me = await hub.queryAs('auditor', '{ me { subject purpose } }');
      expect(me.data).toEqual({ me: { subject: PERSONAS.auditor.subject, purpose: 'audit' } });
    });

    it('refuses bad audit API arguments with BAD_USER_INPUT naming the argument', async () => {
      const badDate = await hub.queryAs('auditor', SEARCH, { filter: { from: 'yesterday' } });
      expect(badDate.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(badDate.errors![0]!.message).toMatch(/filter\.from must be an ISO-8601 date/);
      const badPage = await hub.queryAs('auditor', SEARCH, { first: 0 });
      expect(badPage.errors![0]!.message).toMatch(/first must be an integer from 1 to 500/);
      const badCursor = await hub.queryAs('auditor', SEARCH, { after: 'nope' });
      expect(badCursor.errors![0]!.message).toMatch(/after must be a cursor/);
      const badPeriod = await hub.queryAs('auditor', '{ auditReportOutOfHours(from: "2030-01-02", to: "2030-01-01") { seq } }');
      expect(badPeriod.errors![0]!.message).toMatch(/from must not be after to/);
    });

    it('fails closed with governance on: when the store refuses the entry, no data leaves', async () => {
      const before = await hub.audit!.log.head();
      const db = hub.stores!.database.db;
      await sql`ALTER TABLE cityhub_audit_entries RENAME TO cityhub_audit_entries_away`.execute(db);
      try {
        const response = await hub.queryAs('caseWorker', '{ elderlyResidents(first: 3) { personId name phone } }');
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
        expect(JSON.stringify(response)).not.toMatch(/personId|"name"|phone/);
        const refused = await hub.query('{ elderlyResidents { name } }', undefined, { authorization: 'Bearer broken' });
        expect(refused.status).toBe(503);
        expect(refused.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      } finally {
        await sql`ALTER TABLE cityhub_audit_entries_away RENAME TO cityhub_audit_entries`.execute(db);
      }
      expect(await hub.audit!.log.head()).toEqual(before);
      const recovered = await hub.queryAs('caseWorker', '{ elderlyResidents(first: 1) { personId } }');
      expect(recovered.data.elderlyResidents).toHaveLength(1);
      expect((await hub.audit!.log.verify()).ok).toBe(true);
    });
  });
}
