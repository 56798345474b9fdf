import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../governance/audit/audit-entry.ts';
import { createAuditLog, type AuditLog } from '../../../governance/audit/create-audit-log.ts';
import { toCsvRecord } from '../../../governance/audit/csv-record.ts';
import { AUDIT_CSV_COLUMNS } from '../../../governance/audit/export-audit-log.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { verifyAuditChain } from '../../../governance/audit/verify-audit-chain.ts';
import { verifyAuditExport } from '../../../governance/audit/verify-audit-export.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { entryInput, source } from './fixtures.ts';

const awkward = ['张三, "老张"', 'line one\nline two', 'cr\r\nlf', '=SUM(A1)', 'plain'];

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

describe('toCsvRecord', () => {
  it('quotes per RFC 4180 only where needed and ends records with CRLF', () => {
    expect(toCsvRecord(['a', 'b,c', 'say "hi"', null, 1.5, 'x\ny', 'x\ry', ''])).toBe('a,"b,c","say ""hi""",,1.5,"x\ny","x\ry",\r\n');
  });
});

for (const dialect of DIALECTS) {
  describe(`audit exports on ${dialect.name}`, () => {
    let database: TestDatabase;
    let audit: AuditLog;
    let stored: AuditEntry[];

    beforeEach(async () => {
      database = await dialect.create();
      await migrateAuditLog({ db: database.db, dialect: database.dialect });
      audit = createAuditLog({ db: database.db, dialect: database.dialect });
      stored = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          audit.append(
            entryInput({
              principal: awkward[index % awkward.length]!,
              purpose: index % 3 === 0 ? null : 'care',
              latencyMs: index + 0.125,
              sources: index % 4 === 0 ? [] : [source({ personalKeys: [`P,${index}`, `"Q${index}"`] })],
            }),
          ),
        ),
      );
    });

    afterEach(async () => {
      await audit.close();
      await database.drop();
    });

    it('exports only the entries of a period (from included, to excluded), and refuses a bound that is not a date', async () => {
      const days = await Promise.all(
        ['2025-04-01T00:00:00.000Z', '2025-04-02T00:00:00.000Z', '2025-04-03T00:00:00.000Z'].map((at) => audit.append(entryInput({ occurredAt: new Date(at) }))),
      );
      const period = { from: new Date('2025-04-01T00:00:00.000Z'), to: new Date('2025-04-03T00:00:00.000Z') };
      const lines = await collect(audit.exportJsonLines(period));
      expect(lines.map((line) => JSON.parse(line).seq)).toEqual([days[0]!.seq, days[1]!.seq]);
      const csv = parse((await collect(audit.exportCsv({ from: new Date('2025-04-03T00:00:00.000Z') }))).join(''), { columns: true }) as Array<{ seq: string }>;
      expect(csv.map((row) => Number(row.seq))).toEqual([days[2]!.seq]);
      expect(() => audit.exportJsonLines({ to: new Date('not a date') })).toThrow('to must be a valid Date, received Invalid Date');
    });

    it('exports JSON Lines that verify without the database', async () => {
      const lines = await collect(audit.exportJsonLines());
      expect(lines).toHaveLength(20);
      expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
      expect(JSON.parse(lines[0]!)).toEqual(stored[0]);
      expect(await verifyAuditExport(lines.join(''))).toEqual({ ok: true, entriesChecked: 20, last: { seq: 20, hash: stored[19]!.hash } });
      const dir = mkdtempSync(join(tmpdir(), 'cityhub-export-'));
      try {
        const file = join(dir, 'audit.jsonl');
        await pipeline(Readable.from(audit.exportJsonLines()), createWriteStream(file));
        const report = await verifyAuditExport(createInterface({ input: createReadStream(file), crlfDelay: Infinity }));
        expect(report).toMatchObject({ ok: true, entriesChecked: 20 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('catches a tampered, deleted, reordered, duplicated or malformed export line', async () => {
      const lines = await collect(audit.exportJsonLines());
      const edited = [...lines];
      edited[6] = edited[6]!.replace('"outcome":"ok"', '"outcome":"denied"');
      expect(await verifyAuditExport(edited)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'edited', entriesChecked: 6 });
      expect(await verifyAuditExport(lines.filter((_, index) => index !== 9))).toMatchObject({ firstBrokenSeq: 10, reason: 'deleted' });
      const swapped = [...lines];
      [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
      expect(await verifyAuditExport(swapped)).toMatchObject({ firstBrokenSeq: 4, reason: 'reordered' });
      expect(await verifyAuditExport([...lines.slice(0, 12), lines[5]!, ...lines.slice(12)])).toMatchObject({ firstBrokenSeq: 6, reason: 'inserted' });
      expect(await verifyAuditExport([...lines.slice(0, 2), '{not json\n', ...lines.slice(2)])).toMatchObject({ firstBrokenSeq: 3, reason: 'malformed', message: 'line 3 is not JSON' });
      const extraField = [...lines];
      extraField[1] = extraField[1]!.replace('{', '{"note":"x",');
      expect(await verifyAuditExport(extraField)).toMatchObject({ firstBrokenSeq: 2, reason: 'malformed' });
      expect(await verifyAuditExport(lines.slice(0, 15), { anchor: { seq: 20, hash: stored[19]!.hash } })).toMatchObject({ firstBrokenSeq: 16, reason: 'deleted' });
    });

    it('exports a partial chain that verifies from its checkpoint', async () => {
      const lines = await collect(audit.exportJsonLines({ afterSeq: 12 }));
      expect(lines).toHaveLength(8);
      expect(await verifyAuditExport(lines, { after: { seq: 12, hash: stored[11]!.hash } })).toMatchObject({ ok: true, entriesChecked: 8 });
      expect(await verifyAuditExport(lines)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'deleted' });
    });

    it('exports CSV that round-trips awkward values and re-verifies outside the hub', async () => {
      const text = (await collect(audit.exportCsv())).join('');
      const records = parse(text, { relax_quotes: false }) as string[][];
      expect(records[0]).toEqual([...AUDIT_CSV_COLUMNS]);
      expect(records).toHaveLength(21);
      expect(records.slice(1, 6).map((record) => record[3])).toEqual(awkward);
      const rebuilt = records.slice(1).map((record): AuditEntry => {
        const field = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => record[AUDIT_CSV_COLUMNS.indexOf(name)]!;
        const optional = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => (field(name) === '' ? null : field(name));
        return {
          seq: Number(field('seq')),
          occurredAt: field('occurredAt'),
          requestId: field('requestId'),
          principal: optional('principal'),
          department: optional('department'),
          purpose: optional('purpose'),
          operationName: optional('operationName'),
          operationHash: field('operationHash'),
          outcome: field('outcome') as AuditEntry['outcome'],
          errorCode: optional('errorCode'),
          latencyMs: Number(field('latencyMs')),
          sources: JSON.parse(field('sources')),
          prevHash: field('prevHash'),
          hash: field('hash'),
        };
      });
      expect(rebuilt).toEqual(stored);
      expect(await verifyAuditChain(rebuilt)).toMatchObject({ ok: true, entriesChecked: 20 });
    });
  });
}
