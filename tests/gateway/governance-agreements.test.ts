import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const READ = '{ street(code: "310106013") { elderlyResidents { personId name phone } } }';
const REQUEST = `mutation($input: AgreementRequestInput!) { requestAgreement(input: $input) { id status requesterDepartment providerDepartment fields purpose } }`;

describe('data-sharing agreements end to end over real HTTP', () => {
  let hub: TestHub;
  let clock = new Date('2031-03-01T00:00:00Z');
  beforeAll(async () => {
    hub = await startTestHub({ governance: { now: () => clock } });
  });
  afterAll(async () => {
    await hub.close();
  });

  const input = (validUntil: string) => ({
    providerDepartment: 'Civil Affairs Bureau',
    typeName: 'ElderlyResident',
    fields: ['name', 'phone'],
    purpose: 'elderly-care',
    validFrom: clock.toISOString(),
    validUntil,
    reason: 'Home visits to residents over 80 living alone',
  });
  const residents = (response: any) => response.data.street.elderlyResidents as Array<{ name: string | null; phone: string | null }>;

  it('withholds conditional fields until the provider approves, then shows them for that purpose only', async () => {
    // Tokens are minted at the real time; the hub's policy clock is separate.
    const before = await hub.queryAs('streetOfficer', READ, undefined, 'elderly-care');
    expect(residents(before).every((r) => r.name === null && r.phone === null)).toBe(true);

    const requested = await hub.queryAs('streetOfficer', REQUEST, { input: input('2031-06-01T00:00:00Z') }, 'elderly-care');
    expect(requested.errors).toBeUndefined();
    expect(requested.data.requestAgreement).toMatchObject({ status: 'PENDING', requesterDepartment: 'Street Office 310106013', providerDepartment: 'Civil Affairs Bureau' });
    const id = requested.data.requestAgreement.id;

    const pending = await hub.queryAs('streetOfficer', READ, undefined, 'elderly-care');
    expect(residents(pending).every((r) => r.name === null)).toBe(true);

    // Only the providing department decides.
    const selfApproval = await hub.queryAs('streetOfficer', `mutation { approveAgreement(id: "${id}") { status } }`, undefined, 'elderly-care');
    expect(selfApproval.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(selfApproval.errors![0]!.message).toMatch(/only the providing department "Civil Affairs Bureau" may approve/);

    const approved = await hub.queryAs('caseWorker', `mutation { approveAgreement(id: "${id}", note: "for 2031") { status decidedBy } }`, undefined, 'elderly-care');
    expect(approved.data.approveAgreement).toEqual({ status: 'APPROVED', decidedBy: 'persona-case-worker' });

    const after = await hub.queryAs('streetOfficer', READ, undefined, 'elderly-care');
    expect(after.errors).toBeUndefined();
    const expected = hub.city.model.residents.filter((r) => r.streetCode === '310106013');
    const names = new Set(expected.map((r) => r.name));
    expect(residents(after).length).toBeGreaterThan(0);
    expect(residents(after).every((r) => names.has(r.name!))).toBe(true);

    // The agreement names elderly-care; the same officer reading for city-operations gets nothing more.
    const otherPurpose = await hub.queryAs('streetOfficer', READ, undefined, 'city-operations');
    expect(residents(otherPurpose).every((r) => r.name === null)).toBe(true);

    // Revocation takes effect on the very next request.
    const revoked = await hub.queryAs('caseWorker', `mutation { revokeAgreement(id: "${id}", reason: "visits finished") { status revocationReason } }`, undefined, 'elderly-care');
    expect(revoked.data.revokeAgreement).toEqual({ status: 'REVOKED', revocationReason: 'visits finished' });
    const next = await hub.queryAs('streetOfficer', READ, undefined, 'elderly-care');
    expect(residents(next).every((r) => r.name === null && r.phone === null)).toBe(true);
  });

  it('stops covering reads when the agreement expires', async () => {
    const requested = await hub.queryAs('streetOfficer', REQUEST, { input: input(new Date(clock.getTime() + 3_600_000).toISOString()) }, 'elderly-care');
    const id = requested.data.requestAgreement.id;
    await hub.queryAs('caseWorker', `mutation { approveAgreement(id: "${id}") { status } }`, undefined, 'elderly-care');
    const inForce = await hub.queryAs('streetOfficer', READ, undefined, 'elderly-care');
    expect(residents(inForce).every((r) => typeof r.name === 'string')).toBe(true);

    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const expired = await hub.queryAs('streetOfficer', READ, undefined, 'elderly-care');
    expect(residents(expired).every((r) => r.name === null)).toBe(true);
    const listed = await hub.queryAs('streetOfficer', `{ agreement(id: "${id}") { status } }`, undefined, 'elderly-care');
    expect(listed.data.agreement).toEqual({ status: 'EXPIRED' });
  });

  it('rejects a request with a reason, and lists agreements only to their parties', async () => {
    const requested = await hub.queryAs('streetOfficer', REQUEST, { input: input('2032-01-01T00:00:00Z') }, 'elderly-care');
    const id = requested.data.requestAgreement.id;
    const rejected = await hub.queryAs('caseWorker', `mutation { rejectAgreement(id: "${id}", reason: "no legal basis") { status decisionNote } }`, undefined, 'elderly-care');
    expect(rejected.data.rejectAgreement).toEqual({ status: 'REJECTED', decisionNote: 'no legal basis' });

    const party = await hub.queryAs('streetOfficer', '{ agreements { id } }', undefined, 'elderly-care');
    expect(party.data.agreements.map((a: any) => a.id)).toContain(id);
    const outsider = await hub.queryAs('trafficPoliceOfficer', '{ agreements { id } }');
    expect(outsider.data.agreements).toEqual([]);
    const auditor = await hub.queryAs('auditor', '{ agreements(status: REJECTED) { id } }');
    expect(auditor.data.agreements.map((a: any) => a.id)).toEqual([id]);
    const anonymous = await hub.queryAs(null, '{ agreements { id } }');
    expect(anonymous.data.agreements).toEqual([]);
  });

  it('refuses a bad request naming the field', async () => {
    const response = await hub.queryAs('streetOfficer', REQUEST, { input: { ...input('2030-01-01T00:00:00Z') } }, 'elderly-care');
    expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(/^validUntil must be later than validFrom/);
  });
});
