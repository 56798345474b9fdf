import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../governance/index.ts';
import { PERSONAS } from '../../governance/index.ts';
import { startTestHub, type GraphQLResponse, type TestHub, requestIdOf } from '../support/sample-hub.ts';

describe('the fields of entry format 2, recorded over real HTTP', () => {
  let hub: TestHub;
  const entryOf = async (requestId: string): Promise<AuditEntry> => {
    const { entries } = await hub.audit!.log.search({ requestId });
    expect(entries).toHaveLength(1);
    return entries[0]!;
  };
  beforeAll(async () => {
    hub = await startTestHub({ governance: true, audit: true });
  }, 240_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('records the keys a lookup asked for that were denied or missing, per source, and the caller’s effective jurisdictions', async () => {
    const visible = await hub.queryAs('caseWorker', '{ elderlyResidents(first: 1000) { personId gridCode } }');
    const outside = (visible.data.elderlyResidents as Array<{ personId: string; gridCode: string }>).find(
      (row) => !row.gridCode.startsWith(PERSONAS.streetOfficer.jurisdictions[0]!),
    );
    expect(outside).toBeDefined();
    const one = 'query One($id: ID!) { elderlyResident(personId: $id) { careLevel } }';
    const denied = await hub.queryAs('streetOfficer', one, { id: outside!.personId });
    expect(denied.data?.elderlyResident ?? null).toBeNull();
    expect(denied.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const deniedEntry = await entryOf(requestIdOf(denied));
    expect(deniedEntry.jurisdictions).toEqual(PERSONAS.streetOfficer.jurisdictions);
    expect(deniedEntry.sources).toMatchObject([{ system: 'elderly-registry', keysDenied: [outside!.personId], personalKeys: [], rowsReturned: 0 }]);

    const missing = await hub.queryAs('caseWorker', one, { id: 'P-DOES-NOT-EXIST' });
    const missingEntry = await entryOf(requestIdOf(missing));
    expect(missingEntry.jurisdictions).toEqual(PERSONAS.caseWorker.jurisdictions);
    expect(missingEntry.sources[0]!.keysDenied).toEqual(['P-DOES-NOT-EXIST']);

    // A key that was returned is not denied.
    const found = await hub.queryAs('caseWorker', one, { id: outside!.personId });
    expect(found.data.elderlyResident).not.toBeNull();
    expect((await entryOf(requestIdOf(found))).sources[0]!.keysDenied).toEqual([]);

    const anonymous = await hub.queryAs(null, '{ elderlyResidents(first: 1) { careLevel } }');
    expect((await entryOf(requestIdOf(anonymous))).jurisdictions).toEqual([]);
  });

  it('records the keys a list filter `in: [...]` asked for that were not returned: hidden and missing, and none when every key was returned', async () => {
    const visible = await hub.queryAs('caseWorker', '{ elderlyResidents(first: 1000) { personId gridCode } }');
    const rows = visible.data.elderlyResidents as Array<{ personId: string; gridCode: string }>;
    const street = PERSONAS.streetOfficer.jurisdictions[0]!;
    const inside = rows.filter((row) => row.gridCode.startsWith(street)).slice(0, 2);
    const outside = rows.find((row) => !row.gridCode.startsWith(street))!;
    expect(inside).toHaveLength(2);
    const some = 'query Some($ids: [ID!]) { elderlyResidents(in: $ids) { careLevel } }';
    const asked = [inside[0]!.personId, outside.personId, 'P-DOES-NOT-EXIST', inside[1]!.personId];
    const partly = await hub.queryAs('streetOfficer', some, { ids: asked });
    expect(partly.errors).toBeUndefined();
    expect(partly.data.elderlyResidents).toHaveLength(2);
    const entry = await entryOf(requestIdOf(partly));
    expect(entry.sources).toMatchObject([{ system: 'elderly-registry', keysDenied: [outside.personId, 'P-DOES-NOT-EXIST'], rowsReturned: 2 }]);

    const all = await hub.queryAs('streetOfficer', some, { ids: inside.map((row) => row.personId) });
    expect(all.data.elderlyResidents).toHaveLength(2);
    expect((await entryOf(requestIdOf(all))).sources[0]!.keysDenied).toEqual([]);
  });

  it("gives each source its own latency, not the whole operation's", async () => {
    const response = await hub.queryAs('caseWorker', '{ elderlyResidents(first: 50) { name assignedWorker { name role } } }');
    expect(response.errors).toBeUndefined();
    const entry = await entryOf(requestIdOf(response));
    expect(entry.sources.map((source) => source.system)).toEqual(['elderly-registry', 'community-workers']);
    for (const source of entry.sources) {
      expect(source.latencyMs).toBeGreaterThan(0);
      expect(source.latencyMs).toBeLessThan(entry.latencyMs);
    }
    expect(entry.sources[0]!.latencyMs).not.toBe(entry.sources[1]!.latencyMs);
  });

  it('records agreement requests and decisions made through the agreements API, naming the agreement and its status', async () => {
    const requested = await hub.queryAs(
      'streetOfficer',
      `mutation Ask($input: AgreementRequestInput!) { requestAgreement(input: $input) { id status } }`,
      {
        input: {
          providerDepartment: PERSONAS.caseWorker.department,
          typeName: 'ElderlyResident',
          fields: ['name'],
          purpose: 'elderly-care',
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
          reason: 'home visits',
        },
      },
      'elderly-care',
    );
    expect(requested.errors).toBeUndefined();
    const id = requested.data.requestAgreement.id as string;
    expect(await entryOf(requestIdOf(requested))).toMatchObject({
      operationName: 'Ask',
      outcome: 'ok',
      agreementActions: [{ agreementId: id, action: 'request', status: 'pending' }],
      sources: [],
    });

    // The requester may not decide its own request: refused, and recorded with the id asked for.
    const selfApproved = await hub.queryAs('streetOfficer', 'mutation Self($id: ID!) { approveAgreement(id: $id) { id } }', { id }, 'elderly-care');
    expect(selfApproved.errors?.length).toBeGreaterThan(0);
    expect(await entryOf(requestIdOf(selfApproved))).toMatchObject({ agreementActions: [{ agreementId: id, action: 'approve', status: null }] });

    const approved = await hub.queryAs('caseWorker', 'mutation Approve($id: ID!) { approveAgreement(id: $id) { status } }', { id });
    expect(approved.errors).toBeUndefined();
    expect((await entryOf(requestIdOf(approved))).agreementActions).toEqual([{ agreementId: id, action: 'approve', status: 'approved' }]);
    const revoked = await hub.queryAs('caseWorker', 'mutation Revoke($id: ID!) { revokeAgreement(id: $id, reason: "visits ended") { status } }', { id });
    expect((await entryOf(requestIdOf(revoked))).agreementActions).toEqual([{ agreementId: id, action: 'revoke', status: 'revoked' }]);
  });

  it("records which entries an auditor's read of the log returned, as seq ranges, and serves the new fields through the API", async () => {
    await hub.queryAs('caseWorker', '{ elderlyResidents(first: 1) { careLevel } }');
    await hub.audit!.log.flush();
    const read = await hub.queryAs(
      'auditor',
      '{ auditEntries(first: 3) { nodes { seq jurisdictions sources { system keysDenied } } } }',
    );
    expect(read.errors).toBeUndefined();
    const seqs = (read.data.auditEntries.nodes as Array<{ seq: number }>).map((node) => node.seq);
    expect(seqs).toHaveLength(3);
    const entry = await entryOf(requestIdOf(read));
    expect(entry.entriesReturned).toEqual([[Math.min(...seqs), Math.max(...seqs)]]);
    expect(entry.sources).toMatchObject([{ system: 'cityhub.audit-log', rowsReturned: 3 }]);

    const again = await hub.queryAs('auditor', 'query Again($id: String) { auditEntries(filter: { requestId: $id }) { nodes { seq entriesReturned { from to } } } }', {
      id: requestIdOf(read),
    });
    expect(again.errors).toBeUndefined();
    expect(again.data.auditEntries.nodes).toEqual([{ seq: entry.seq, entriesReturned: [{ from: Math.min(...seqs), to: Math.max(...seqs) }] }]);
    expect((await hub.audit!.log.verify()).ok).toBe(true);
  });
});
