import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { Agreement } from '../../../governance/agreements/agreement.ts';
import type { AuditAgreementView } from '../../../governance/audit/audit-reports.ts';
import { createAuditLog, type AuditLog } from '../../../governance/audit/create-audit-log.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { DEFAULT_OFFICE_HOURS } from '../../../governance/audit/office-hours.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { entryInput, source } from './fixtures.ts';

const utc = (iso: string) => new Date(`${iso}Z`);
const keys = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe('AuditAgreementView', () => {
  it('accepts the agreements module’s Agreement as it is', () => {
    expectTypeOf<Agreement>().toExtend<AuditAgreementView>();
  });
});

for (const dialect of DIALECTS) {
  describe(`audit reports on ${dialect.name}`, () => {
    let database: TestDatabase;
    let audit: AuditLog;

    beforeEach(async () => {
      database = await dialect.create();
      await migrateAuditLog({ db: database.db, dialect: database.dialect });
      audit = createAuditLog({ db: database.db, dialect: database.dialect });
    });

    afterEach(async () => {
      await audit.close();
      await database.drop();
    });

    it('counts accesses per department and purpose over a period', async () => {
      const at = utc('2025-03-03T02:00:00');
      await audit.append(entryInput({ principal: 'a', department: 'police', purpose: 'patrol', occurredAt: at, sources: [source({ rowsReturned: 3, personalKeys: keys('R', 3) })] }));
      await audit.append(entryInput({ principal: 'b', department: 'police', purpose: 'patrol', occurredAt: at, sources: [source({ rowsReturned: 1, personalKeys: [] }), source({ rowsReturned: 4, personalKeys: keys('S', 2) })] }));
      await audit.append(entryInput({ principal: 'a', department: 'police', purpose: 'patrol', occurredAt: at, outcome: 'denied', sources: [] }));
      await audit.append(entryInput({ principal: 'c', department: 'health', purpose: 'care', occurredAt: at, outcome: 'error', sources: [source({ rowsReturned: 0, personalKeys: [] })] }));
      await audit.append(entryInput({ principal: 'c', department: 'health', purpose: null, occurredAt: at }));
      await audit.append(entryInput({ principal: 'z', department: 'health', purpose: 'care', occurredAt: utc('2025-04-01T00:00:00') }));
      const rows = await audit.accessesByDepartmentAndPurpose({ from: utc('2025-03-01T00:00:00'), to: utc('2025-04-01T00:00:00') });
      expect(rows).toEqual([
        { department: 'police', purpose: 'patrol', accesses: 3, denied: 1, failed: 0, principals: 2, rowsReturned: 8, personalRecords: 5 },
        { department: 'health', purpose: 'care', accesses: 1, denied: 0, failed: 1, principals: 1, rowsReturned: 0, personalRecords: 0 },
        { department: 'health', purpose: null, accesses: 1, denied: 0, failed: 0, principals: 1, rowsReturned: 2, personalRecords: 2 },
      ]);
      await expect(audit.accessesByDepartmentAndPurpose({ from: utc('2025-04-01T00:00:00'), to: utc('2025-03-01T00:00:00') })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
      });
    });

    it('lists accesses outside office hours in Beijing time by default', async () => {
      expect(DEFAULT_OFFICE_HOURS).toMatchObject({ timeZone: 'Asia/Shanghai', start: '08:30', end: '18:00', weekdays: [1, 2, 3, 4, 5] });
      // 2025-03-03 is a Monday; Beijing is UTC+8.
      const times = {
        inside: '2025-03-03T02:00:00', // Mon 10:00
        early: '2025-03-03T00:10:00', // Mon 08:10
        opening: '2025-03-03T00:30:00', // Mon 08:30, inside
        closing: '2025-03-03T10:00:00', // Mon 18:00, outside (end is exclusive)
        saturday: '2025-03-08T02:00:00', // Sat 10:00
        lateSunday: '2025-03-09T16:30:00', // Mon 00:30 local, outside
      };
      for (const [name, time] of Object.entries(times)) await audit.append(entryInput({ requestId: name, occurredAt: utc(time), sources: [source({ personalKeys: ['P-1'] })] }));
      const period = { from: utc('2025-03-01T00:00:00'), to: utc('2025-03-31T00:00:00') };
      const found = await audit.accessesOutsideOfficeHours(period);
      expect(found.map((row) => row.localTime)).toEqual(['2025-03-03 08:10', '2025-03-03 18:00', '2025-03-08 10:00', '2025-03-10 00:30']);
      expect(found[0]).toMatchObject({ seq: 2, principal: 'wang.li', department: 'civil-affairs', purpose: 'social-assistance', personalRecords: 1, outcome: 'ok' });
      const adjusted = await audit.accessesOutsideOfficeHours({ ...period, officeHours: { workdays: ['2025-03-08'], holidays: ['2025-03-03'], timeZone: 'UTC', start: '00:00', end: '23:00' } });
      expect(adjusted.map((row) => row.localTime)).toEqual(['2025-03-03 02:00', '2025-03-03 00:10', '2025-03-03 00:30', '2025-03-03 10:00', '2025-03-09 16:30']);
      await expect(audit.accessesOutsideOfficeHours({ ...period, officeHours: { timeZone: 'Mars/Olympus' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(audit.accessesOutsideOfficeHours({ ...period, officeHours: { start: '8h' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('flags days of personal reads above factor × the principal’s own median day', async () => {
      // History: principal a reads 2, 2, 4 records on three days; b reads 10 a day.
      for (const [day, count] of [['2025-03-01', 2], ['2025-03-02', 2], ['2025-03-03', 4]] as const) {
        await audit.append(entryInput({ principal: 'a', occurredAt: utc(`${day}T03:00:00`), sources: [source({ personalKeys: keys('A', count) })] }));
      }
      await audit.append(entryInput({ principal: 'b', occurredAt: utc('2025-03-02T03:00:00'), sources: [source({ personalKeys: keys('B', 10) })] }));
      // Period (from 2025-03-10): a reads 6 (not > 3 × 2), then 4 + 3 = 7 in one day; b reads 20 (not > 3 × 10);
      // n, who has no history, reads 1; quiet reads none.
      await audit.append(entryInput({ principal: 'a', occurredAt: utc('2025-03-10T03:00:00'), sources: [source({ personalKeys: keys('A', 6) })] }));
      await audit.append(entryInput({ principal: 'a', occurredAt: utc('2025-03-11T01:00:00'), sources: [source({ personalKeys: keys('A', 4) })] }));
      await audit.append(entryInput({ principal: 'a', occurredAt: utc('2025-03-11T09:00:00'), department: 'police', sources: [source({ personalKeys: keys('A', 3) })] }));
      await audit.append(entryInput({ principal: 'b', occurredAt: utc('2025-03-10T03:00:00'), sources: [source({ personalKeys: keys('B', 20) })] }));
      await audit.append(entryInput({ principal: 'n', occurredAt: utc('2025-03-10T03:00:00'), sources: [source({ personalKeys: ['N-1'] })] }));
      await audit.append(entryInput({ principal: 'quiet', occurredAt: utc('2025-03-10T03:00:00'), sources: [source({ personalKeys: [] })] }));
      const found = await audit.unusualPersonalReads({ from: utc('2025-03-10T00:00:00'), to: utc('2025-03-12T00:00:00') });
      expect(found).toEqual([
        { principal: 'n', department: 'civil-affairs', day: '2025-03-10', personalRecords: 1, historyMedian: 0, historyDays: 0 },
        { principal: 'a', department: 'police', day: '2025-03-11', personalRecords: 7, historyMedian: 2, historyDays: 3 },
      ].sort((x, y) => x.day.localeCompare(y.day) || x.principal.localeCompare(y.principal)));
      const stricter = await audit.unusualPersonalReads({ from: utc('2025-03-10T00:00:00'), to: utc('2025-03-12T00:00:00'), factor: 1.5 });
      expect(stricter.map((row) => `${row.principal} ${row.day}`)).toEqual(['a 2025-03-10', 'b 2025-03-10', 'n 2025-03-10', 'a 2025-03-11']);
      const shortHistory = await audit.unusualPersonalReads({ from: utc('2025-03-10T00:00:00'), to: utc('2025-03-12T00:00:00'), historyDays: 2 });
      expect(shortHistory.map((row) => row.principal)).toContain('b');
      await expect(audit.unusualPersonalReads({ from: utc('2025-03-10T00:00:00'), to: utc('2025-03-12T00:00:00'), factor: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('lists conditional field use with its agreements and flags problems', async () => {
      const at = utc('2025-03-03T02:00:00');
      const conditional = ['Person.income'];
      await audit.append(entryInput({ occurredAt: at, sources: [source({ conditionalFields: conditional, agreementIds: ['AG-1'] }), source({ system: 'tax.records', conditionalFields: [] })] }));
      await audit.append(entryInput({ occurredAt: at, sources: [source({ conditionalFields: conditional, agreementIds: [] })] }));
      await audit.append(entryInput({ occurredAt: at, purpose: 'marketing', sources: [source({ conditionalFields: conditional, agreementIds: ['AG-1'] })] }));
      await audit.append(entryInput({ occurredAt: at, sources: [source({ conditionalFields: ['Person.income', 'Person.debts'], agreementIds: ['AG-2', 'AG-404'] })] }));
      await audit.append(entryInput({ occurredAt: at, sources: [source({ conditionalFields: [] })] }));
      const period = { from: utc('2025-03-01T00:00:00'), to: utc('2025-04-01T00:00:00') };
      const plain = await audit.conditionalFieldUse(period);
      expect(plain.map((use) => [use.seq, use.system, use.fields, use.agreementIds, use.flagged])).toEqual([
        [1, 'civil-affairs.residents', conditional, ['AG-1'], false],
        [2, 'civil-affairs.residents', conditional, [], true],
        [3, 'civil-affairs.residents', conditional, ['AG-1'], false],
        [4, 'civil-affairs.residents', ['Person.income', 'Person.debts'], ['AG-2', 'AG-404'], false],
      ]);
      expect(plain[1]!.problems).toEqual(['conditional fields Person.income were read without any agreement id']);
      const agreements = [
        { id: 'AG-1', requesterDepartment: 'civil-affairs', purpose: 'social-assistance', typeName: 'Person', fields: ['income'], validFrom: utc('2025-01-01T00:00:00'), validUntil: utc('2026-01-01T00:00:00'), status: 'approved' },
        { id: 'AG-2', requesterDepartment: 'civil-affairs', purpose: 'social-assistance', typeName: 'Person', fields: ['income', 'debts'], validFrom: utc('2025-01-01T00:00:00'), validUntil: utc('2025-03-01T00:00:00'), status: 'expired' },
      ];
      const requested: string[][] = [];
      const checked = await audit.conditionalFieldUse({ ...period, agreements: async (ids) => (requested.push([...ids]), agreements.filter((agreement) => ids.includes(agreement.id))) });
      expect(requested).toEqual([['AG-1', 'AG-2', 'AG-404']]);
      expect(checked.map((use) => [use.seq, use.flagged, use.problems])).toEqual([
        [1, false, []],
        [2, true, ['conditional fields Person.income were read without any agreement id']],
        [3, true, ['field Person.income: agreement AG-1 is for purpose social-assistance, not marketing']],
        [
          4,
          true,
          [
            'agreement AG-404 is unknown',
            'field Person.income: agreement AG-2 was not in force at 2025-03-03T02:00:00.000Z',
            'field Person.debts: agreement AG-2 was not in force at 2025-03-03T02:00:00.000Z',
          ],
        ],
      ]);
      const lifecycle = async (changes: object) =>
        (await audit.conditionalFieldUse({ ...period, agreements: () => [{ ...agreements[0]!, ...changes }] }))[0]!.problems;
      expect(await lifecycle({ revokedAt: utc('2025-03-02T00:00:00'), status: 'revoked' })).toEqual(['field Person.income: agreement AG-1 was revoked at 2025-03-02T00:00:00.000Z']);
      expect(await lifecycle({ revokedAt: utc('2025-03-04T00:00:00'), status: 'revoked' })).toEqual([]);
      expect(await lifecycle({ status: 'pending' })).toEqual(['field Person.income: agreement AG-1 was never approved (pending)']);
      expect(await lifecycle({ decidedAt: utc('2025-03-03T03:00:00') })).toEqual(['field Person.income: agreement AG-1 was approved only at 2025-03-03T03:00:00.000Z']);
      expect(await lifecycle({ requesterDepartment: 'police' })).toEqual(['field Person.income: agreement AG-1 is for department police, not civil-affairs']);
      expect(await lifecycle({ typeName: 'Household' })).toEqual(['field Person.income is not granted by agreement AG-1']);
    });
  });
}
