import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../governance/audit/canonical-json.ts';
import { createAuditLog, type AuditLog } from '../../../governance/audit/create-audit-log.ts';
import { AUDIT_CSV_COLUMNS } from '../../../governance/audit/export-audit-log.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { verifyAuditExport } from '../../../governance/audit/verify-audit-export.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { entryInput, source, tamper } from './fixtures.ts';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

// The hash exactly as entries were hashed before entry format 2 (written out here, not
// imported, so that a change to hashAuditEntry cannot move both sides at once).
function formatOneHash(entry: Record<string, any>): string {
  const body = {
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    requestId: entry.requestId,
    principal: entry.principal,
    department: entry.department,
    purpose: entry.purpose,
    operationName: entry.operationName,
    operationHash: entry.operationHash,
    outcome: entry.outcome,
    errorCode: entry.errorCode,
    latencyMs: entry.latencyMs,
    sources: entry.sources.map((s: Record<string, unknown>) => ({
      system: s.system,
      fieldsRead: s.fieldsRead,
      rowsReturned: s.rowsReturned,
      personalKeys: s.personalKeys,
      rowsFiltered: s.rowsFiltered,
      fieldsMasked: s.fieldsMasked,
      fieldsDenied: s.fieldsDenied,
      conditionalFields: s.conditionalFields,
      agreementIds: s.agreementIds,
      outcome: s.outcome,
      latencyMs: s.latencyMs,
    })),
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(body)).digest('hex');
}

for (const dialect of DIALECTS) {
  describe(`audit entry format 2 on ${dialect.name}`, () => {
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

    it('hashes an entry without the new fields exactly as format 1 did, and verifies it beside format-2 entries', async () => {
      const old = await audit.append(entryInput());
      expect(Object.keys(old)).not.toEqual(expect.arrayContaining(['jurisdictions']));
      expect(old.hash).toBe(formatOneHash(old));
      const current = await audit.append(
        entryInput({
          sources: [source({ keysDenied: ['P-9'] })],
          jurisdictions: ['310106013'],
          agreementActions: [{ agreementId: 'A-1', action: 'approve', status: 'approved' }],
          entriesReturned: [
            [1, 1],
            [3, 7],
          ],
        }),
      );
      // The new fields take part in the hash: the format-1 body would give another one.
      expect(current.hash).not.toBe(formatOneHash(current));
      const [readOld, readCurrent] = [...(await audit.search({}, { first: 10 })).entries].reverse();
      expect(readOld).toEqual(old);
      expect(readCurrent).toEqual(current);
      expect((await audit.verify()).ok).toBe(true);

      const lines = await collect(audit.exportJsonLines());
      expect(Object.keys(JSON.parse(lines[0]!))).not.toContain('entriesReturned');
      expect(JSON.parse(lines[1]!)).toMatchObject({ jurisdictions: ['310106013'], entriesReturned: [[1, 1], [3, 7]] });
      expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, entriesChecked: 2 });

      const records = parse((await collect(audit.exportCsv())).join('')) as string[][];
      const column = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => AUDIT_CSV_COLUMNS.indexOf(name);
      expect(records[1]![column('jurisdictions')]).toBe('');
      expect(JSON.parse(records[2]![column('agreementActions')]!)).toEqual([{ action: 'approve', agreementId: 'A-1', status: 'approved' }]);
      expect(JSON.parse(records[2]![column('sources')]!)[0].keysDenied).toEqual(['P-9']);
    });

    it("detects an edit of a format-2 field like any other field's", async () => {
      await audit.append(entryInput());
      const edited = await audit.append(entryInput({ jurisdictions: ['310106013'] }));
      await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_entries SET jurisdictions = '["3101"]' WHERE seq = ${edited.seq}`]);
      expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: edited.seq, reason: 'edited' });
    });

    it('refuses a malformed format-2 field at append, naming it', async () => {
      await expect(audit.append(entryInput({ entriesReturned: [[5, 3]] }))).rejects.toThrow(/entriesReturned\[0\] must be an ascending range/);
      await expect(audit.append(entryInput({ agreementActions: [{ agreementId: 'A-1', action: 'sign' as never, status: null }] }))).rejects.toThrow(
        /agreementActions\[0\]\.action must be one of request, approve, reject, revoke/,
      );
      await expect(audit.append(entryInput({ jurisdictions: [''] }))).rejects.toThrow(/jurisdictions\[0\] must be a non-empty string/);
    });
  });
}

describe('verifying a JSON Lines export with format-2 fields', () => {
  it('refuses a line holding a field no entry format knows', async () => {
    const line = JSON.stringify({ seq: 1, occurredAt: 'x', requestId: 'r', principal: null, department: null, purpose: null, operationName: null, operationHash: 'h', outcome: 'ok', errorCode: null, latencyMs: 1, sources: [], prevHash: '0'.repeat(64), hash: 'f', extra: 1 });
    expect(await verifyAuditExport([line])).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
