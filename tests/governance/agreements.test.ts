import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { GovernanceError } from '../../schema/index.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';
import {
  ANONYMOUS,
  PERSONAS,
  agreementCovers,
  createAgreementStore,
  migrateAgreements,
  type AgreementRequest,
  type AgreementStore,
  type Principal,
} from '../../governance/index.ts';

const caseWorker = PERSONAS.caseWorker;
const healthOfficer: Principal = {
  subject: 'health-officer-1',
  department: 'Health Commission',
  roles: ['officer'],
  jurisdictions: ['3101'],
  purposes: ['city-operations'],
};
const start = new Date('2030-01-01T00:00:00.000Z');
const day = 24 * 3600_000;

function requestOf(overrides: Partial<AgreementRequest> = {}): AgreementRequest {
  return {
    requesterDepartment: 'Civil Affairs Bureau',
    providerDepartment: 'Health Commission',
    typeName: 'Resident',
    fields: ['phone', 'chronicConditions'],
    purpose: 'elderly-care',
    validFrom: start,
    validUntil: new Date(start.getTime() + 30 * day),
    requestedBy: caseWorker,
    reason: 'Home visits to residents over 80 living alone',
    ...overrides,
  };
}

async function governanceError(promise: Promise<unknown>): Promise<GovernanceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GovernanceError);
  return error as GovernanceError;
}

for (const dialect of DIALECTS) {
  describe(`data-sharing agreements on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: AgreementStore;
    let current: Date;
    const active = () =>
      store.activeFor({ requesterDepartment: 'Civil Affairs Bureau', providerDepartment: 'Health Commission', typeName: 'Resident', purpose: 'elderly-care' });

    beforeEach(async () => {
      database = await dialect.create();
      current = new Date(start.getTime() + 3600_000);
      store = createAgreementStore({ db: database.db, now: () => current });
    });
    afterEach(async () => {
      await database.drop();
    });

    it('records a request as pending with its fields and times', async () => {
      const agreement = await store.request(requestOf({ fields: ['phone', 'phone', 'chronicConditions'] }));
      expect(agreement).toMatchObject({
        status: 'pending',
        requesterDepartment: 'Civil Affairs Bureau',
        providerDepartment: 'Health Commission',
        typeName: 'Resident',
        fields: ['phone', 'chronicConditions'],
        purpose: 'elderly-care',
        requestedBy: caseWorker.subject,
        decidedBy: null,
      });
      expect(agreement.validUntil.toISOString()).toBe('2030-01-31T00:00:00.000Z');
      expect(await store.get(agreement.id)).toEqual(agreement);
      expect(await active()).toEqual([]);
    });

    it('puts an approved agreement in force for its purpose only', async () => {
      const { id } = await store.request(requestOf());
      const approved = await store.approve(id, { by: healthOfficer, note: 'For the 2030 programme' });
      expect(approved).toMatchObject({ status: 'approved', decidedBy: 'health-officer-1', decisionNote: 'For the 2030 programme' });
      expect(approved.decidedAt?.toISOString()).toBe(current.toISOString());
      expect((await active()).map((agreement) => agreement.id)).toEqual([id]);
      expect(
        await store.activeFor({ requesterDepartment: 'Civil Affairs Bureau', providerDepartment: 'Health Commission', typeName: 'Resident', purpose: 'city-operations' }),
      ).toEqual([]);
      expect(
        await store.activeFor({ requesterDepartment: 'Traffic Police Brigade', providerDepartment: 'Health Commission', typeName: 'Resident', purpose: 'elderly-care' }),
      ).toEqual([]);
    });

    it('holds an approved agreement only from validFrom', async () => {
      const { id } = await store.request(requestOf({ validFrom: new Date(start.getTime() + 2 * day) }));
      await store.approve(id, { by: healthOfficer });
      expect(await active()).toEqual([]);
      current = new Date(start.getTime() + 2 * day);
      expect(await active()).toHaveLength(1);
    });

    it('expires an approval at validUntil', async () => {
      const { id } = await store.request(requestOf());
      await store.approve(id, { by: healthOfficer });
      current = new Date(start.getTime() + 30 * day - 1);
      expect(await active()).toHaveLength(1);
      current = new Date(start.getTime() + 30 * day);
      expect(await active()).toEqual([]);
      expect((await store.get(id))?.status).toBe('expired');
      expect((await store.list({ status: 'expired' })).map((agreement) => agreement.id)).toEqual([id]);
    });

    it('expires a pending request at validUntil so it can no longer be approved', async () => {
      const { id } = await store.request(requestOf());
      current = new Date(start.getTime() + 31 * day);
      const error = await governanceError(store.approve(id, { by: healthOfficer }));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toBe(`only a pending agreement can be approved; agreement ${id} is expired`);
    });

    it('rejects a pending agreement with a reason', async () => {
      const { id } = await store.request(requestOf());
      const rejected = await store.reject(id, { by: healthOfficer, reason: 'Medical history is out of scope' });
      expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'health-officer-1', decisionNote: 'Medical history is out of scope' });
      expect(await active()).toEqual([]);
    });

    it('requires a reason to reject', async () => {
      const { id } = await store.request(requestOf());
      const error = await governanceError(store.reject(id, { by: healthOfficer, reason: '  ' }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    });

    it('refuses to approve a rejected agreement', async () => {
      const { id } = await store.request(requestOf());
      await store.reject(id, { by: healthOfficer, reason: 'Out of scope' });
      const error = await governanceError(store.approve(id, { by: healthOfficer }));
      expect(error.message).toBe(`only a pending agreement can be approved; agreement ${id} is rejected`);
    });

    it('refuses to approve an agreement twice', async () => {
      const { id } = await store.request(requestOf());
      await store.approve(id, { by: healthOfficer });
      const error = await governanceError(store.approve(id, { by: healthOfficer }));
      expect(error.message).toMatch(/is approved$/);
    });

    it('revokes an approved agreement with immediate effect', async () => {
      const { id } = await store.request(requestOf());
      await store.approve(id, { by: healthOfficer });
      expect(await active()).toHaveLength(1);
      const revoked = await store.revoke(id, { by: healthOfficer, reason: 'Programme suspended' });
      expect(revoked).toMatchObject({ status: 'revoked', revokedBy: 'health-officer-1', revocationReason: 'Programme suspended' });
      expect(await active()).toEqual([]);
      expect((await store.get(id))?.status).toBe('revoked');
    });

    it('refuses to revoke a pending agreement', async () => {
      const { id } = await store.request(requestOf());
      const error = await governanceError(store.revoke(id, { by: healthOfficer, reason: 'x' }));
      expect(error.message).toBe(`only an approved agreement can be revoked; agreement ${id} is pending`);
    });

    it('lets only the providing department approve, reject or revoke', async () => {
      const { id } = await store.request(requestOf());
      for (const outsider of [caseWorker, PERSONAS.cityOperationsOfficer, ANONYMOUS]) {
        const error = await governanceError(store.approve(id, { by: outsider }));
        expect(error.extensions.code).toBe('FORBIDDEN');
        expect(error.message).toMatch(/only the providing department "Health Commission" may approve agreement/);
        expect((await governanceError(store.reject(id, { by: outsider, reason: 'no' }))).extensions.code).toBe('FORBIDDEN');
      }
      await store.approve(id, { by: healthOfficer });
      const error = await governanceError(store.revoke(id, { by: caseWorker, reason: 'no longer needed' }));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/may revoke agreement/);
      expect(await active()).toHaveLength(1);
    });

    it('lets a department request only for itself', async () => {
      const error = await governanceError(store.request(requestOf({ requestedBy: PERSONAS.trafficPoliceOfficer })));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/only a member of "Civil Affairs Bureau" may request/);
      expect((await governanceError(store.request(requestOf({ requestedBy: ANONYMOUS })))).extensions.code).toBe('FORBIDDEN');
    });

    it('lets exactly one of two racing decisions win', async () => {
      const { id } = await store.request(requestOf());
      const outcomes = await Promise.allSettled([
        store.approve(id, { by: healthOfficer }),
        store.reject(id, { by: healthOfficer, reason: 'Out of scope' }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [failure] = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(GovernanceError);
      expect(['approved', 'rejected']).toContain((await store.get(id))?.status);
    });

    it('refuses an unknown agreement id', async () => {
      const error = await governanceError(store.approve('no-such-id', { by: healthOfficer }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(error.message).toBe('id must name an existing agreement, received "no-such-id"');
      expect(await store.get('no-such-id')).toBeNull();
    });

    it.each([
      ['fields', { fields: [] }, 'fields must list at least one field, received []'],
      ['fields', { fields: ['phone number'] }, 'fields must hold GraphQL field names such as "phone", received "phone number"'],
      ['validUntil', { validUntil: start }, 'validUntil must be later than validFrom (2030-01-01T00:00:00.000Z), received "2030-01-01T00:00:00.000Z"'],
      ['validFrom', { validFrom: 'next week' }, 'validFrom must be a Date or an ISO-8601 timestamp, received "next week"'],
      ['purpose', { purpose: 'Elderly Care!' }, 'purpose must be lowercase words joined by hyphens, such as "elderly-care", received "Elderly Care!"'],
      ['typeName', { typeName: '' }, 'typeName must be a GraphQL type name such as "Resident", received ""'],
      ['providerDepartment', { providerDepartment: 'Civil Affairs Bureau' }, /providerDepartment must differ from requesterDepartment/],
      ['reason', { reason: '' }, 'reason must say why the data is needed, received ""'],
    ] as const)('refuses a request with a bad %s', async (field, overrides, message) => {
      const error = await governanceError(store.request(requestOf(overrides as Partial<AgreementRequest>)));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
    });

    it('refuses a request that would already have expired', async () => {
      current = new Date(start.getTime() + 40 * day);
      const error = await governanceError(store.request(requestOf()));
      expect(error.message).toMatch(/^validUntil must be in the future/);
    });

    it('lists agreements by department, type, purpose and status', async () => {
      const first = await store.request(requestOf());
      const second = await store.request(requestOf({ purpose: 'service-approval', fields: ['phone'] }));
      await store.approve(second.id, { by: healthOfficer });
      expect((await store.list()).map((agreement) => agreement.id).sort()).toEqual([first.id, second.id].sort());
      expect((await store.list({ status: 'pending' })).map((agreement) => agreement.id)).toEqual([first.id]);
      expect((await store.list({ purpose: 'service-approval' })).map((agreement) => agreement.id)).toEqual([second.id]);
      expect(await store.list({ providerDepartment: 'Traffic Police Brigade' })).toEqual([]);
      expect(await store.list({ requesterDepartment: 'Civil Affairs Bureau', typeName: 'Resident' })).toHaveLength(2);
    });

    it('gives the agreements activeFor returns to agreementCovers for one field', async () => {
      const { id } = await store.request(requestOf());
      await store.approve(id, { by: healthOfficer });
      const [agreement] = await active();
      const read = {
        requesterDepartment: 'Civil Affairs Bureau',
        providerDepartment: 'Health Commission',
        typeName: 'Resident',
        fieldName: 'phone',
        purpose: 'elderly-care',
        at: current,
      };
      expect(agreementCovers(agreement!, read)).toBe(true);
      expect(agreementCovers(agreement!, { ...read, fieldName: 'idNumber' })).toBe(false);
      expect(agreementCovers(agreement!, { ...read, at: new Date(start.getTime() + 30 * day) })).toBe(false);
    });

    it('runs its migrations once however often it is asked', async () => {
      await migrateAgreements(database.db);
      await migrateAgreements(database.db);
      await store.request(requestOf());
      const other = createAgreementStore({ db: database.db, now: () => current });
      expect(await other.list()).toHaveLength(1);
      const { rows } = await sql<{ name: string }>`select name from cityhub_agreement_migrations`.execute(database.db);
      expect(rows.map((row) => row.name)).toEqual(['2030-01-01-001-create-agreements']);
    });
  });
}

describe('agreement store options', () => {
  it('refuses a db that is not a Kysely instance', () => {
    expect(() => createAgreementStore({ db: {} as never })).toThrow(/db must be a Kysely instance, received an object \(Object\)/);
  });
});
