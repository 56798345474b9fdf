import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';
import { AGREEMENTS_TABLE, PERSONAS, createAgreementStore, type AgreementStore, type MalformedAgreementRow, type Principal } from '../../governance/index.ts';

const healthOfficer: Principal = { subject: 'health-officer-1', department: 'Health Commission', roles: ['officer'], jurisdictions: ['3101'], purposes: ['city-operations'] };
const start = new Date('2030-01-01T00:00:00.000Z');

for (const dialect of DIALECTS) {
  describe(`malformed agreement rows on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: AgreementStore;
    let reported: MalformedAgreementRow[];

    beforeEach(async () => {
      database = await dialect.create();
      reported = [];
      store = createAgreementStore({ db: database.db, now: () => new Date(start.getTime() + 3600_000), onMalformedRow: (row) => reported.push(row) });
    });
    afterEach(async () => {
      await database.drop();
    });

    const approved = async (typeName: string) => {
      const { id } = await store.request({
        requesterDepartment: 'Civil Affairs Bureau',
        providerDepartment: 'Health Commission',
        typeName,
        fields: ['phone'],
        purpose: 'elderly-care',
        validFrom: start,
        validUntil: new Date(start.getTime() + 30 * 24 * 3600_000),
        requestedBy: PERSONAS.caseWorker,
        reason: 'Home visits',
      });
      await store.approve(id, { by: healthOfficer });
      return id;
    };

    it('skips a row whose fields are not a JSON array and serves the others, reporting it once', async () => {
      const good = await approved('Resident');
      const bad = await approved('Patient');
      await sql`update ${sql.table(AGREEMENTS_TABLE)} set fields = ${'phone, name'} where id = ${bad}`.execute(database.db);
      const listed = await store.list({ requesterDepartment: 'Civil Affairs Bureau', status: 'approved' });
      expect(listed.map((agreement) => agreement.id)).toEqual([good]);
      await store.list({ requesterDepartment: 'Civil Affairs Bureau' });
      expect(reported).toEqual([{ id: bad, problem: 'fields must be a JSON array of field names', seenAt: expect.any(String) }]);
      expect(store.malformedRows()).toMatchObject([{ id: bad, problem: 'fields must be a JSON array of field names' }]);
      await expect(store.get(bad)).rejects.toThrow(`agreement "${bad}" cannot be read from the store: fields must be a JSON array of field names`);
    });

    it('skips a row with a date that is not one, in activeFor too', async () => {
      const good = await approved('Resident');
      const bad = await approved('Resident');
      await sql`update ${sql.table(AGREEMENTS_TABLE)} set valid_from = ${'0000-not-a-date'} where id = ${bad}`.execute(database.db);
      const active = await store.activeFor({ requesterDepartment: 'Civil Affairs Bureau', providerDepartment: 'Health Commission', typeName: 'Resident', purpose: 'elderly-care' });
      expect(active.map((agreement) => agreement.id)).toEqual([good]);
      await sql`update ${sql.table(AGREEMENTS_TABLE)} set valid_from = ${start.toISOString()}, valid_until = ${'never'} where id = ${bad}`.execute(database.db);
      expect((await store.list()).map((agreement) => agreement.id)).toEqual([good]);
      expect(reported.map((row) => row.problem)).toEqual(['valid_from must be a date', 'valid_until must be a date']);
    });

    it('stops reporting a row once it is readable again', async () => {
      const bad = await approved('Resident');
      await sql`update ${sql.table(AGREEMENTS_TABLE)} set fields = ${'{}'} where id = ${bad}`.execute(database.db);
      expect(await store.list()).toEqual([]);
      expect(store.malformedRows()).toHaveLength(1);
      await sql`update ${sql.table(AGREEMENTS_TABLE)} set fields = ${'["phone"]'} where id = ${bad}`.execute(database.db);
      expect((await store.list()).map((agreement) => agreement.id)).toEqual([bad]);
      expect(store.malformedRows()).toEqual([]);
    });
  });
}
