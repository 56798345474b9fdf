import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoteSigner, noteSignedBy, parseNoteVerifier, parseSignedNote, PERSONAS, verifyInclusionProof, type Principal } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

const signer = createNoteSigner('cityhub.test/audit', generateKeyPairSync('ed25519').privateKey);
const hex = (value: string) => Buffer.from(value, 'hex');
const DAY = 86_400_000;

const REPORT = /* GraphQL */ `
  query Report($personId: ID) {
    dataSubjectReport(personId: $personId) {
      personId totalAccesses unprovenAccesses
      checkpoint { treeSize rootHash issuedAt note }
      withheld { count until }
      accesses {
        seq occurredAt principal department purpose operationName outcome entryHash confidentialUntil
        systems { system fieldsRead fieldsMasked fieldsInClear fieldsDenied agreementIds outcome }
        proof { seq leafIndex treeSize leafHash hashes }
      }
    }
  }
`;
const PERSON = /* GraphQL */ `
  query ReadPerson($personId: ID!) { person(personId: $personId) { personId name phone address } }
`;

// The resident persona's person, and another resident of the same street.
const MINE = PERSONAS.resident.personId!;
const OTHER = 'Pb18611c9bb747a592e2da18';
const investigator: Principal = {
  subject: 'investigator-7',
  department: 'Public Security Bureau',
  roles: ['police'],
  jurisdictions: ['3101'],
  purposes: ['criminal-investigation'],
};
const otherResident: Principal = { ...PERSONAS.resident, subject: 'resident-other', personId: OTHER };

describe("the data-subject report over HTTP (\"who saw my data\")", () => {
  let edge: EdgeHub;
  // The audit log's clock runs ahead of the wall clock by this much, to pass confidential periods.
  let aheadMs = 0;

  beforeAll(async () => {
    edge = await startEdgeHub({
      only: ['population-registry'],
      audit: true,
      auditOptions: { clock: () => new Date(Date.now() + aheadMs), checkpoints: { signer, everyEntries: 1 } },
    });
    // A case worker reads both residents, an investigator reads mine under a confidential purpose.
    for (const personId of [MINE, OTHER]) {
      // Without an agreement the phone is withheld from the case worker; the rest is served.
      const read = await edge.post('caseWorker', { query: PERSON, variables: { personId } });
      expect(read.body.errors.map((error: { extensions: { field: string } }) => error.extensions.field)).toEqual(['Person.phone']);
      expect(read.body.data.person.personId).toBe(personId);
    }
    const investigated = await edge.post(investigator, { query: PERSON, variables: { personId: MINE } });
    expect(investigated.body.data.person.personId).toBe(MINE);
  }, 60_000);

  afterAll(async () => {
    await edge?.close();
  });

  const report = async (who: Parameters<EdgeHub['post']>[0], personId?: string) => edge.post(who, { query: REPORT, variables: personId === undefined ? {} : { personId } });

  it('serves a resident their own report: who read which fields, masked or in the clear, each proven against the signed checkpoint', async () => {
    const response = await report('resident');
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const mine = response.body.data.dataSubjectReport;
    expect(mine.personId).toBe(MINE);
    const read = mine.accesses.find((access: any) => access.principal === PERSONAS.caseWorker.subject);
    expect(read).toMatchObject({ department: 'Civil Affairs Bureau', purpose: 'elderly-care', operationName: 'ReadPerson', outcome: 'denied', confidentialUntil: null });
    expect(read.systems).toHaveLength(1);
    const [system] = read.systems;
    expect(system.system).toBe('population-registry');
    expect(system.fieldsRead).toEqual(expect.arrayContaining(['Person.personId', 'Person.name', 'Person.phone', 'Person.address']));
    expect([...system.fieldsMasked, ...system.fieldsInClear, ...system.fieldsDenied].sort()).toEqual([...system.fieldsRead].sort());
    expect(system.fieldsInClear).toContain('Person.personId');
    expect(system.fieldsDenied).toEqual(['Person.phone']);
    // The checkpoint is the hub's signed note; the proof ties the entry's hash to its root.
    expect(noteSignedBy(parseSignedNote(mine.checkpoint.note), parseNoteVerifier(signer.verifierKey))).toBe(true);
    const proof = read.proof;
    expect(proof.seq).toBe(read.seq);
    expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, hex(proof.leafHash), proof.hashes.map(hex), hex(mine.checkpoint.rootHash))).toBe(true);
    const altered = [...proof.hashes.slice(1), proof.hashes[0]];
    expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, hex(proof.leafHash), (proof.hashes.length > 1 ? altered : ['00'.repeat(32)]).map(hex), hex(mine.checkpoint.rootHash))).toBe(false);
    // Nothing of the other resident is in it.
    expect(JSON.stringify(mine)).not.toContain(OTHER);
  });

  it("refuses a resident another person's report with FORBIDDEN, and audits the attempt under that person", async () => {
    const response = await report('resident', OTHER);
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: "a resident may read only their own data-subject report, not another person's", extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    const theirs = (await report(otherResident)).body.data.dataSubjectReport;
    const attempt = theirs.accesses.find((access: any) => access.principal === PERSONAS.resident.subject);
    expect(attempt).toMatchObject({ outcome: 'denied', systems: [{ system: 'cityhub.audit-log', fieldsRead: ['Query.dataSubjectReport'], outcome: 'denied' }] });
    // Their own report names their own person, whatever they pass for it.
    expect((await report('resident', MINE)).body.data.dataSubjectReport.personId).toBe(MINE);
  });

  it("serves a resident a schema of their report only: none of the city's data, none of the audit API", async () => {
    const city = await edge.post('resident', { query: `{ person(personId: "${MINE}") { name } }` });
    expect(city.status).toBe(400);
    expect(city.body.errors[0].message).toContain('Cannot query field "person" on type "Query"');
    const fields = await edge.post('resident', { query: '{ __schema { queryType { fields { name } } types { name } } }' });
    expect(fields.body.data.__schema.queryType.fields.map((field: { name: string }) => field.name)).toEqual(['dataSubjectReport']);
    expect(fields.body.data.__schema.types.map((type: { name: string }) => type.name).filter((name: string) => /^(Audit|Person)/.test(name))).toEqual([]);
    const sdl = await edge.send({ path: '/schema.graphql', method: 'GET', headers: { authorization: `Bearer ${await edge.token('resident')}` } });
    expect(sdl.body).toContain('type DataSubjectReport');
    expect(sdl.body).not.toContain('type Person ');
    // The others' schema has no report: a case worker cannot ask for one.
    const caseWorker = await report('caseWorker', MINE);
    expect(caseWorker.body.errors[0].message).toContain('Cannot query field "dataSubjectReport"');
  });

  it("serves an auditor anyone's report, and requires them to name the person", async () => {
    const response = await report('auditor', OTHER);
    expect(response.body.errors).toBeUndefined();
    const theirs = response.body.data.dataSubjectReport;
    expect(theirs.personId).toBe(OTHER);
    expect(theirs.accesses.some((access: any) => access.principal === PERSONAS.caseWorker.subject && access.systems[0].system === 'population-registry')).toBe(true);
    const unnamed = await report('auditor');
    expect(unnamed.body.errors[0]).toMatchObject({ message: 'personId is required: an auditor names the person whose report to read', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('audits every report request as an entry naming the report, its subject as personal key, and the outcome', async () => {
    const asked = await report('auditor', MINE);
    const requestId = asked.body.extensions.requestId;
    const { entries } = await edge.stores.audit!.search({ requestId });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      principal: PERSONAS.auditor.subject,
      department: 'Audit Bureau',
      operationName: 'Report',
      outcome: 'ok',
      sources: [{ system: 'cityhub.audit-log', fieldsRead: ['Query.dataSubjectReport'], personalKeys: [MINE], outcome: 'ok' }],
    });
    // The resident sees that the auditor read their report, as one more access.
    const mine = (await report('resident')).body.data.dataSubjectReport;
    expect(mine.accesses.some((access: any) => access.principal === PERSONAS.auditor.subject && access.systems[0].fieldsRead[0] === 'Query.dataSubjectReport')).toBe(true);
  });

  it('withholds an access of a confidential purpose from the resident until its period ends, and shows it to auditors at once', async () => {
    const mine = (await report('resident')).body.data.dataSubjectReport;
    expect(mine.accesses.some((access: any) => access.purpose === 'criminal-investigation' || access.principal === investigator.subject)).toBe(false);
    expect(mine.withheld.count).toBe(1);
    const until = Date.parse(mine.withheld.until);
    expect(until).toBeGreaterThan(Date.now() + 179 * DAY);
    expect(until).toBeLessThanOrEqual(Date.now() + 181 * DAY);
    const audited = (await report('auditor', MINE)).body.data.dataSubjectReport;
    const investigation = audited.accesses.find((access: any) => access.principal === investigator.subject);
    expect(investigation).toMatchObject({ department: 'Public Security Bureau', purpose: 'criminal-investigation' });
    expect(Date.parse(investigation.confidentialUntil)).toBeLessThanOrEqual(until);
    aheadMs = 181 * DAY;
    try {
      const later = (await report('resident')).body.data.dataSubjectReport;
      expect(later.withheld).toEqual({ count: 0, until: null });
      expect(later.accesses.find((access: any) => access.principal === investigator.subject)).toMatchObject({ purpose: 'criminal-investigation', confidentialUntil: investigation.confidentialUntil });
    } finally {
      aheadMs = 0;
    }
  });

  it('refuses a resident token that names no person, or that carries a jurisdiction, with 401 naming the claim', async () => {
    const { personId: _none, ...nobody } = PERSONAS.resident;
    const missing = await edge.post(nobody as Principal, { query: REPORT });
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0]).toMatchObject({ message: expect.stringContaining('claim "personId" must name the person a "resident" token is for'), extensions: { code: 'UNAUTHENTICATED', claim: 'personId' } });
    const official = await edge.post({ ...PERSONAS.resident, jurisdictions: ['310106'] }, { query: REPORT });
    expect(official.status).toBe(401);
    expect(official.body.errors[0].message).toContain('claim "jurisdictions" must be empty for a "resident" token');
    const impostor = await edge.post({ ...PERSONAS.caseWorker, personId: MINE }, { query: REPORT });
    expect(impostor.status).toBe(401);
    expect(impostor.body.errors[0].message).toContain('claim "personId" is only for tokens of the "resident" role');
  });
});
