import { generateKeyPairSync } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../../../governance/audit/create-audit-log.ts';
import { verifyInclusionProof } from '../../../governance/audit/merkle-tree.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { createNoteSigner } from '../../../governance/audit/signed-note.ts';
import { subjectEntries } from '../../../governance/audit/subject-access-report.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { entryInput, source } from './fixtures.ts';

const signer = createNoteSigner('cityhub.test/audit', generateKeyPairSync('ed25519').privateKey);
const hex = (value: string) => Buffer.from(value, 'hex');
const DAY = 86_400_000;
const SUBJECT = 'P-SUBJECT';

for (const dialect of DIALECTS) {
  describe(`the data-subject access report on ${dialect.name}`, () => {
    let database: TestDatabase;
    let audit: AuditLog;
    let now: Date;

    beforeEach(async () => {
      database = await dialect.create();
      await migrateAuditLog({ db: database.db, dialect: database.dialect });
      now = new Date('2026-06-01T00:00:00.000Z');
      audit = createAuditLog({ db: database.db, dialect: database.dialect, clock: () => now, checkpoints: { signer, everyEntries: 4 } });
    });

    afterEach(async () => {
      await audit.close().catch(() => undefined);
      await database.drop();
    });

    it("lists each access that returned the person's record, newest first, with only the systems that returned it", async () => {
      await audit.append(
        entryInput({
          occurredAt: new Date('2026-05-01T01:00:00.000Z'),
          department: 'Civil Affairs Bureau',
          purpose: 'elderly-care',
          sources: [
            source({ system: 'elderly-registry', fieldsRead: ['ElderlyResident.name', 'ElderlyResident.phone', 'ElderlyResident.careLevel'], fieldsMasked: ['ElderlyResident.phone'], personalKeys: [SUBJECT, 'P-OTHER'], agreementIds: ['agr-1'] }),
            source({ system: 'community-workers', fieldsRead: ['CommunityWorker.name'], fieldsMasked: [], personalKeys: ['W-1'] }),
          ],
        }),
      );
      await audit.append(entryInput({ sources: [source({ personalKeys: ['P-OTHER'] })] }));
      await audit.append(
        entryInput({
          occurredAt: new Date('2026-05-02T01:00:00.000Z'),
          purpose: 'service-approval',
          outcome: 'denied',
          errorCode: 'FORBIDDEN',
          sources: [source({ system: 'population-registry', fieldsRead: ['Person.name', 'Person.idNumber'], fieldsMasked: [], fieldsDenied: ['Person.idNumber'], personalKeys: [SUBJECT], outcome: 'denied' })],
        }),
      );
      const report = await audit.subjectReport({ personId: SUBJECT, viewer: 'subject' });
      expect(report).toMatchObject({ personId: SUBJECT, viewer: 'subject', generatedAt: now.toISOString(), totalAccesses: 2, withheld: { count: 0, until: null } });
      expect(report.accesses.map((access) => access.seq)).toEqual([3, 1]);
      expect(report.accesses[0]).toMatchObject({
        purpose: 'service-approval',
        outcome: 'denied',
        errorCode: 'FORBIDDEN',
        systems: [{ system: 'population-registry', fieldsRead: ['Person.name', 'Person.idNumber'], fieldsInClear: ['Person.name'], fieldsDenied: ['Person.idNumber'], outcome: 'denied' }],
      });
      expect(report.accesses[1]).toMatchObject({
        occurredAt: '2026-05-01T01:00:00.000Z',
        principal: 'wang.li',
        department: 'Civil Affairs Bureau',
        purpose: 'elderly-care',
        confidentialUntil: null,
        systems: [
          {
            system: 'elderly-registry',
            fieldsMasked: ['ElderlyResident.phone'],
            fieldsInClear: ['ElderlyResident.name', 'ElderlyResident.careLevel'],
            agreementIds: ['agr-1'],
          },
        ],
      });
      // Nothing of another person leaves: the report carries no personal keys at all.
      expect(JSON.stringify(report)).not.toContain('P-OTHER');
    });

    it('proves each access against the latest signed checkpoint, and says which ones it does not cover yet', async () => {
      for (let index = 0; index < 5; index += 1) await audit.append(entryInput({ sources: [source({ personalKeys: [SUBJECT] })] }));
      const report = await audit.subjectReport({ personId: SUBJECT, viewer: 'auditor' });
      expect(report.checkpoint?.treeSize).toBe(4);
      expect(report.unprovenAccesses).toBe(1);
      expect(report.accesses[0]).toMatchObject({ seq: 5, proof: null });
      const root = hex(report.checkpoint!.rootHash);
      for (const access of report.accesses.slice(1)) {
        const proof = access.proof!;
        expect(proof.treeSize).toBe(4);
        expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, hex(proof.leafHash), proof.hashes.map(hex), root)).toBe(true);
      }
      const proof = report.accesses[1]!.proof!;
      const altered = [...proof.hashes];
      altered[0] = altered[0]!.replace(/^./, (digit) => (digit === '0' ? '1' : '0'));
      expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, hex(proof.leafHash), altered.map(hex), root)).toBe(false);
      expect(verifyInclusionProof(proof.leafIndex + 1, proof.treeSize, hex(proof.leafHash), proof.hashes.map(hex), root)).toBe(false);
    });

    it('withholds accesses of a confidential purpose from the person until their period ends, and shows them to auditors', async () => {
      const investigated = new Date('2026-05-20T08:30:00.000Z');
      await audit.append(entryInput({ occurredAt: new Date('2026-05-10T00:00:00.000Z'), purpose: 'elderly-care', sources: [source({ personalKeys: [SUBJECT] })] }));
      await audit.append(entryInput({ occurredAt: investigated, purpose: 'criminal-investigation', department: 'Public Security Bureau', sources: [source({ personalKeys: [SUBJECT] })] }));
      await audit.append(entryInput({ occurredAt: new Date('2026-05-21T00:00:00.000Z'), purpose: 'criminal-investigation', sources: [source({ personalKeys: [SUBJECT] })] }));

      const mine = await audit.subjectReport({ personId: SUBJECT, viewer: 'subject' });
      expect(mine.accesses.map((access) => access.purpose)).toEqual(['elderly-care']);
      expect(mine.totalAccesses).toBe(1);
      // Counted, with the day the last one is shown (180 days after 2026-05-21, rounded up to midnight), and nothing more.
      expect(mine.withheld).toEqual({ count: 2, until: '2026-11-17T00:00:00.000Z' });
      expect(JSON.stringify(mine)).not.toContain('criminal-investigation');

      const audited = await audit.subjectReport({ personId: SUBJECT, viewer: 'auditor' });
      expect(audited.withheld).toEqual({ count: 0, until: null });
      expect(audited.accesses.map((access) => [access.purpose, access.confidentialUntil])).toEqual([
        ['criminal-investigation', '2026-11-17T00:00:00.000Z'],
        ['criminal-investigation', new Date(investigated.getTime() + 180 * DAY).toISOString()],
        ['elderly-care', null],
      ]);

      // Once the first period has ended, that access is shown to the person; the second is still withheld.
      now = new Date(investigated.getTime() + 180 * DAY);
      const later = await audit.subjectReport({ personId: SUBJECT, viewer: 'subject' });
      expect(later.accesses.map((access) => access.occurredAt)).toEqual([investigated.toISOString(), '2026-05-10T00:00:00.000Z']);
      expect(later.withheld).toEqual({ count: 1, until: '2026-11-17T00:00:00.000Z' });
      now = new Date('2026-11-17T00:00:00.000Z');
      expect((await audit.subjectReport({ personId: SUBJECT, viewer: 'subject' })).withheld).toEqual({ count: 0, until: null });
    });

    it('follows the confidentialPurposes setting, and withholds nothing when it is empty', async () => {
      const open = createAuditLog({ db: database.db, dialect: database.dialect, clock: () => now, confidentialPurposes: {} });
      const tax = createAuditLog({ db: database.db, dialect: database.dialect, clock: () => now, confidentialPurposes: { 'tax-inspection': 30 } });
      await audit.append(entryInput({ occurredAt: new Date('2026-05-30T00:00:00.000Z'), purpose: 'criminal-investigation', sources: [source({ personalKeys: [SUBJECT] })] }));
      await audit.append(entryInput({ occurredAt: new Date('2026-05-30T00:00:00.000Z'), purpose: 'tax-inspection', sources: [source({ personalKeys: [SUBJECT] })] }));
      expect((await open.subjectReport({ personId: SUBJECT, viewer: 'subject' })).totalAccesses).toBe(2);
      const report = await tax.subjectReport({ personId: SUBJECT, viewer: 'subject' });
      expect(report.accesses.map((access) => access.purpose)).toEqual(['criminal-investigation']);
      expect(report.withheld).toEqual({ count: 1, until: '2026-06-29T00:00:00.000Z' });
      await open.close();
      await tax.close();
    });

    it('pages through the accesses with cursors', async () => {
      for (let index = 0; index < 5; index += 1) await audit.append(entryInput({ sources: [source({ personalKeys: [SUBJECT] })] }));
      const first = await audit.subjectReport({ personId: SUBJECT, viewer: 'auditor', first: 2 });
      expect(first.accesses.map((access) => access.seq)).toEqual([5, 4]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await audit.subjectReport({ personId: SUBJECT, viewer: 'auditor', first: 2, after: first.pageInfo.endCursor });
      const third = await audit.subjectReport({ personId: SUBJECT, viewer: 'auditor', first: 2, after: second.pageInfo.endCursor });
      expect([...second.accesses, ...third.accesses].map((access) => access.seq)).toEqual([3, 2, 1]);
      expect(third.pageInfo).toMatchObject({ hasNextPage: false });
      expect(third.totalAccesses).toBe(5);
    });

    it('refuses a bad personId, page size or cursor with BAD_USER_INPUT naming it', async () => {
      await expect(audit.subjectReport({ personId: '', viewer: 'auditor' })).rejects.toMatchObject({ message: expect.stringContaining('personId must be a non-empty string'), extensions: { code: 'BAD_USER_INPUT' } });
      await expect(audit.subjectReport({ personId: 'x'.repeat(129), viewer: 'auditor' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      await expect(audit.subjectReport({ personId: SUBJECT, viewer: 'auditor', first: 501 })).rejects.toMatchObject({ message: 'first must be an integer from 1 to 500, received 501' });
      await expect(audit.subjectReport({ personId: SUBJECT, viewer: 'auditor', after: 'bogus' })).rejects.toMatchObject({ message: expect.stringContaining('after must be a cursor'), extensions: { code: 'BAD_USER_INPUT' } });
      await expect(audit.subjectReport({ personId: SUBJECT, viewer: 'someone' as 'auditor' })).rejects.toThrow('viewer must be "subject" or "auditor", received "someone"');
      expect(() => createAuditLog({ db: database.db, dialect: database.dialect, confidentialPurposes: { 'Criminal Investigation': 180 } })).toThrow('is not a purpose');
      expect(() => createAuditLog({ db: database.db, dialect: database.dialect, confidentialPurposes: { 'criminal-investigation': 0 } })).toThrow(
        'confidentialPurposes.criminal-investigation must be a positive whole number of days, received 0',
      );
    });

    it('finds the person through the personal-key index, without scanning the log', async () => {
      for (let index = 0; index < 20; index += 1) await audit.append(entryInput({ sources: [source({ personalKeys: [`P-${index}`] })] }));
      const query = subjectEntries(database.db, SUBJECT).select('seq').compile();
      const explain = (prefix: string) => CompiledQuery.raw(`${prefix} ${query.sql}`, [...query.parameters]);
      const plan = await database.db.connection().execute(async (connection) => {
        if (database.dialect === 'sqlite') {
          const { rows } = await connection.executeQuery<{ detail: string }>(explain('EXPLAIN QUERY PLAN'));
          return rows.map((row) => row.detail).join('\n');
        }
        // The tables are tiny, so the planner would scan them anyway: forbid it, to see that the index serves the lookup.
        await sql`SET enable_seqscan = off`.execute(connection);
        try {
          const { rows } = await connection.executeQuery<{ 'QUERY PLAN': string }>(explain('EXPLAIN'));
          return rows.map((row) => row['QUERY PLAN']).join('\n');
        } finally {
          await sql`RESET enable_seqscan`.execute(connection);
        }
      });
      expect(plan).toContain('cityhub_audit_personal_keys_key_idx');
      // The entries are then reached by their key, never read one after another.
      if (database.dialect === 'sqlite') expect(plan).not.toMatch(/SCAN cityhub_audit_entries$/m);
    });
  });
}
