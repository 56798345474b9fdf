import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonaName, Principal } from '../../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../../support/edge-hub.ts';
import { serverUrl } from '../../support/servers.ts';

const redis = serverUrl('CITYHUB_TEST_REDIS_URL');
const SYSTEMS = ['admin-divisions', 'elderly-registry'];
const RESIDENTS = `query Residents($inStreet: ID!, $elsewhere: ID!) {
  inStreet: elderlyResident(personId: $inStreet) { personId gridCode careLevel name phone }
  elsewhere: elderlyResident(personId: $elsewhere) { personId gridCode careLevel name phone }
}`;
const STREET_LIST = 'query List($street: AdminCode!) { elderlyResidents(where: { streetCode: $street }, first: 500) { personId gridCode name } }';
const REQUEST = 'mutation($input: AgreementRequestInput!) { requestAgreement(input: $input) { id } }';

// The answer as the client reads it, without the per-request id.
const answerOf = (response: { status: number; body: any }) => ({ status: response.status, data: response.body.data, errors: response.body.errors });

/**
 * Each backend runs the same requests through a hub with the source cache and one without,
 * and the answers must be the same: governance applies to cached rows exactly as to fresh
 * ones, while the cached hub reads the legacy system once.
 */
for (const backend of ['memory', 'redis'] as const) {
  describe.skipIf(backend === 'redis' && redis === undefined)(`the source cache (${backend}) below governance`, () => {
    let cached: EdgeHub;
    let fresh: EdgeHub;
    let inStreet: string;
    let elsewhere: string;
    const reads = (hub: EdgeHub) => hub.upstreamCalls.filter((call) => call.connector === 'elderly-registry').length;
    const both = async (who: PersonaName | Principal, body: Record<string, unknown>, purpose?: string) => {
      const send = async (hub: EdgeHub) => hub.post(who, body, purpose ? { 'x-cityhub-purpose': purpose } : {});
      return { cached: await send(cached), fresh: await send(fresh) };
    };

    beforeAll(async () => {
      const sourceCache = backend === 'memory' ? true : { redisUrl: redis!, redisKeyPrefix: `cityhub-test-${randomBytes(4).toString('hex')}` };
      cached = await startEdgeHub({ only: SYSTEMS, sourceCache });
      fresh = await startEdgeHub({ only: SYSTEMS });
      const elderly = new Set(cached.city.model.elderly.map((e) => e.personId));
      const residents = cached.city.model.residents.filter((r) => elderly.has(r.personId));
      inStreet = residents.find((r) => r.streetCode === '310106013')!.personId;
      elsewhere = residents.find((r) => r.streetCode.startsWith('310106') && r.streetCode !== '310106013')!.personId;
    }, 60_000);
    afterAll(async () => {
      await cached?.close();
      await fresh?.close();
    });

    it('reads a key from the legacy system once, and answers a narrower principal only its rows, withheld fields withheld, as without a cache', async () => {
      const variables = { inStreet, elsewhere };
      // The district officer (310106) warms the cache with both residents, in two streets.
      const before = reads(cached);
      const district = await both('districtOfficer', { query: RESIDENTS, variables }, 'city-operations');
      expect(answerOf(district.cached)).toEqual(answerOf(district.fresh));
      expect(district.cached.body.data.inStreet.personId).toBe(inStreet);
      expect(district.cached.body.data.elsewhere.personId).toBe(elsewhere);
      expect(reads(cached)).toBe(before + 1);

      // The street officer (310106013) is served from the cache: only its street's resident,
      // the other hidden, and the conditional fields withheld (no agreement).
      const street = await both('streetOfficer', { query: RESIDENTS, variables }, 'elderly-care');
      expect(reads(cached)).toBe(before + 1);
      expect(answerOf(street.cached)).toEqual(answerOf(street.fresh));
      expect(street.cached.body.data.inStreet).toMatchObject({ personId: inStreet, name: null, phone: null });
      expect(street.cached.body.data.elsewhere).toBeNull();
      expect(street.cached.body.errors.map((error: any) => error.extensions.code)).toContain('FORBIDDEN');

      // The case worker's department owns the registry: the same cached rows, in the clear.
      const owner = await both('caseWorker', { query: RESIDENTS, variables }, 'elderly-care');
      expect(reads(cached)).toBe(before + 1);
      expect(answerOf(owner.cached)).toEqual(answerOf(owner.fresh));
      const resident = cached.city.model.residents.find((r) => r.personId === inStreet)!;
      expect(owner.cached.body.data.inStreet).toMatchObject({ name: resident.name, phone: resident.phone });
    });

    it("applies an agreement approved, then revoked, to the cached rows on the very next request", async () => {
      const variables = { inStreet, elsewhere };
      const name = cached.city.model.residents.find((r) => r.personId === inStreet)!.name;
      await both('districtOfficer', { query: RESIDENTS, variables }, 'city-operations');
      const before = reads(cached);
      const input = {
        providerDepartment: 'Civil Affairs Bureau',
        typeName: 'ElderlyResident',
        fields: ['name', 'phone'],
        purpose: 'elderly-care',
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        reason: 'Home visits',
      };
      const requested = await both('streetOfficer', { query: REQUEST, variables: { input } }, 'elderly-care');
      for (const hub of ['cached', 'fresh'] as const) {
        const id = requested[hub].body.data.requestAgreement.id;
        const approved = await (hub === 'cached' ? cached : fresh).post('caseWorker', { query: `mutation { approveAgreement(id: "${id}") { status } }` }, { 'x-cityhub-purpose': 'elderly-care' });
        expect(approved.body.data.approveAgreement.status).toBe('APPROVED');
      }
      const agreed = await both('streetOfficer', { query: RESIDENTS, variables }, 'elderly-care');
      expect(answerOf(agreed.cached)).toEqual(answerOf(agreed.fresh));
      expect(agreed.cached.body.data.inStreet.name).toBe(name);
      expect(agreed.cached.body.data.elsewhere).toBeNull();

      for (const hub of ['cached', 'fresh'] as const) {
        const id = requested[hub].body.data.requestAgreement.id;
        const revoked = await (hub === 'cached' ? cached : fresh).post('caseWorker', { query: `mutation { revokeAgreement(id: "${id}", reason: "done") { status } }` }, { 'x-cityhub-purpose': 'elderly-care' });
        expect(revoked.body.data.revokeAgreement.status).toBe('REVOKED');
      }
      const revoked = await both('streetOfficer', { query: RESIDENTS, variables }, 'elderly-care');
      expect(answerOf(revoked.cached)).toEqual(answerOf(revoked.fresh));
      expect(revoked.cached.body.data.inStreet.name).toBeNull();
      expect(reads(cached)).toBe(before);
    });

    it("never serves one jurisdiction's cached page of a root list to another: each scope is read once", async () => {
      const variables = { street: '310106013' };
      const before = reads(cached);
      const district = await both('districtOfficer', { query: STREET_LIST, variables }, 'city-operations');
      expect(answerOf(district.cached)).toEqual(answerOf(district.fresh));
      // A narrower scope is a read of its own…
      const grid = cached.city.model.residents.find((r) => r.personId === inStreet)!.gridCode;
      const gridOfficer: Principal = { subject: 'grid-officer-1', department: 'Street Office 310106013', roles: ['officer'], jurisdictions: [grid], purposes: ['elderly-care'] };
      const narrow = await both(gridOfficer, { query: STREET_LIST, variables }, 'elderly-care');
      expect(answerOf(narrow.cached)).toEqual(answerOf(narrow.fresh));
      expect(narrow.cached.body.data.elderlyResidents.length).toBeGreaterThan(0);
      expect(narrow.cached.body.data.elderlyResidents.every((row: any) => row.gridCode === grid)).toBe(true);
      expect(narrow.cached.body.data.elderlyResidents.length).toBeLessThan(district.cached.body.data.elderlyResidents.length);
      expect(reads(cached)).toBe(before + 2);
      // …which is then cached too.
      const again = await both(gridOfficer, { query: STREET_LIST, variables }, 'elderly-care');
      expect(answerOf(again.cached)).toEqual(answerOf(narrow.fresh));
      expect(reads(cached)).toBe(before + 2);
    });
  });
}
