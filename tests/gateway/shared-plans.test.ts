import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

// The hub prepares each operation once (the document rewrite with its hidden selections, the
// stitching plans, the limit checks) and reuses it for every request of the same text. What a
// request may see must never come from that shared work: two principals with different
// jurisdictions and agreements, asking the same text in turn, each get their own answer.
describe('operations prepared once, answered per principal', () => {
  let hub: TestHub;
  const QUERY = 'query Elders { elderlyResidents(first: 1000) { personId name phone } }';
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
    const agreements = hub.stores!.agreements;
    const pending = await agreements.request({
      requesterDepartment: PERSONAS.streetOfficer.department,
      providerDepartment: PERSONAS.caseWorker.department,
      typeName: 'ElderlyResident',
      fields: ['name', 'phone'],
      purpose: 'elderly-care',
      validFrom: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 86_400_000),
      requestedBy: PERSONAS.streetOfficer,
      reason: 'home visits',
    });
    await agreements.approve(pending.id, { by: PERSONAS.caseWorker });
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
  });

  type Elder = { personId: string; name: string | null; phone: string | null };
  const elders = (response: { data?: { elderlyResidents: Elder[] } }) => response.data!.elderlyResidents;

  it('never shares rows, masking or agreements between principals asking the same document in turn', async () => {
    const street: Elder[][] = [];
    const district: Elder[][] = [];
    for (let round = 0; round < 3; round += 1) {
      street.push(elders(await hub.queryAs('streetOfficer', QUERY, undefined, 'elderly-care')));
      district.push(elders(await hub.queryAs('districtOfficer', QUERY, undefined, 'city-operations')));
    }
    const inStreet = new Set(hub.city.model.residents.filter((r) => r.streetCode === '310106013').map((r) => r.personId));
    const inDistrict = new Set(hub.city.model.residents.filter((r) => r.streetCode.startsWith('310106')).map((r) => r.personId));
    // Every answer of a principal is the same, whichever principal asked before it.
    for (const answers of [street, district]) for (const answer of answers) expect(answer).toEqual(answers[0]);
    const streetRows = street[0]!;
    const districtRows = district[0]!;
    // Rows: each principal's own jurisdiction, the street a strict part of the district.
    expect(streetRows.length).toBeGreaterThan(0);
    expect(streetRows.every((row) => inStreet.has(row.personId))).toBe(true);
    expect(districtRows.every((row) => inDistrict.has(row.personId))).toBe(true);
    expect(districtRows.length).toBeGreaterThan(streetRows.length);
    // Columns: the street officer's agreement shows names and phones in the clear, to it only.
    expect(streetRows.every((row) => typeof row.name === 'string' && !row.name.includes('*'))).toBe(true);
    const names = new Map(streetRows.map((row) => [row.personId, row.name]));
    for (const row of districtRows) expect(row.name === null || row.name !== names.get(row.personId)).toBe(true);
  }, 60_000);
});
