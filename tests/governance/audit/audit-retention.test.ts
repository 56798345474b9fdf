import { createHash, generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../../../governance/audit/create-audit-log.ts';
import { parseRetentionDays } from '../../../governance/audit/audit-retention.ts';
import { verifyEvidenceExport } from '../../../governance/audit/evidence-export.ts';
import { verifyConsistencyProof, verifyInclusionProof } from '../../../governance/audit/merkle-tree.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { createNoteSigner, parseNoteVerifier } from '../../../governance/audit/signed-note.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { countRows, entryInput, tamper } from './fixtures.ts';

const hubSigner = createNoteSigner('cityhub.test/audit', generateKeyPairSync('ed25519').privateKey);
const hub = parseNoteVerifier(hubSigner.verifierKey);
const OLD = new Date('2025-03-03T02:00:00.000Z');
// Entries of 2025 have expired; entries of now have not.
const BEFORE = new Date('2026-01-01T00:00:00.000Z');
const hex = (value: string) => Buffer.from(value, 'hex');

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}
const sha256 = (lines: readonly string[]) => createHash('sha256').update(lines.join('')).digest('hex');

for (const dialect of DIALECTS) {
  describe(`audit retention on ${dialect.name}`, () => {
    let database: TestDatabase;
    let audit: AuditLog;

    beforeEach(async () => {
      database = await dialect.create();
      await migrateAuditLog({ db: database.db, dialect: database.dialect });
      audit = createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner, everyEntries: 10 } });
    });

    afterEach(async () => {
      await audit.close().catch(() => undefined);
      await database.drop();
    });

    async function append(count: number, occurredAt = OLD): Promise<void> {
      for (let index = 0; index < count; index += 1) await audit.append(entryInput({ occurredAt }));
    }

    async function archive(): Promise<{ lines: string[]; through: number }> {
      const checkpoint = await audit.expiredCheckpoint(BEFORE);
      expect(checkpoint).not.toBeNull();
      return { lines: await collect(audit.exportEvidence({ throughTreeSize: checkpoint!.treeSize })), through: checkpoint!.treeSize };
    }

    const reader = () => createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner } });

    it('archives the expired entries up to the last checkpoint covering only them, prunes them, and still verifies every checkpoint', async () => {
      await append(23);
      await append(4, new Date());
      // Checkpoints 10 and 20 cover expired entries only; 23 is not a checkpoint, so 21 to 23 wait for the next archive.
      const first = await archive();
      expect(first.through).toBe(20);
      expect(JSON.parse(first.lines[0]!)).toEqual({ format: 'cityhub-audit-evidence', version: 1, treeSize: 20 });
      expect(await verifyEvidenceExport(first.lines, [hub])).toMatchObject({ ok: true, entriesChecked: 20, checkpoint: { treeSize: 20, checkpointsChecked: 2 } });
      expect(await audit.prune({ archive: first.lines, archiveSha256: sha256(first.lines), verifiers: [hub], before: BEFORE })).toEqual({ from: 1, through: 20 });
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(7);
      expect(await countRows(database.db, 'cityhub_audit_sources')).toBe(7);
      const report = await reader().verify();
      expect(report).toMatchObject({ ok: true, entriesChecked: 7, last: { seq: 27 }, pruned: { entries: 20, archiveSha256: sha256(first.lines) }, checkpoint: { treeSize: 20, checkpointsChecked: 2 } });

      // The log goes on: new entries extend the same tree, and proofs of the remaining entries still verify.
      await append(9);
      const latest = (await audit.checkpoint())!;
      expect(latest.treeSize).toBe(36);
      expect(await reader().verify()).toMatchObject({ ok: true, entriesChecked: 16, checkpoint: { treeSize: 36, checkpointsChecked: 4 } });
      for (const proof of await audit.inclusionProofs([21, 22, 30, 36], 36)) {
        expect(verifyInclusionProof(proof.leafIndex, 36, hex(proof.leafHash), proof.hashes.map(hex), hex(latest.rootHash))).toBe(true);
      }
      const [twenty] = await audit.checkpoints({ from: 20, to: 20 });
      const consistency = await audit.consistencyProof(20, 36);
      expect(verifyConsistencyProof(20, 36, hex(twenty!.rootHash), hex(latest.rootHash), consistency.hashes.map(hex))).toBe(true);
      await expect(audit.inclusionProofs([5], 36)).rejects.toThrow(/entry 5 is not in the log \(a pruned entry is proved by the archive that holds it\)/);

      // The full evidence export of the pruned log starts after the pruned entries, and verifies offline.
      const rest = await collect(audit.exportEvidence());
      expect(JSON.parse(rest[0]!)).toMatchObject({ treeSize: 36, start: { seq: 20, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      expect(await verifyEvidenceExport(rest, [hub])).toMatchObject({ ok: true, entriesChecked: 16, checkpoint: { treeSize: 36 } });
    });

    it('archives and prunes a second time from where the first pruning left off', async () => {
      await append(15);
      const first = await archive();
      await audit.prune({ archive: first.lines, archiveSha256: sha256(first.lines), verifiers: [hub], before: BEFORE });
      // Another replica, with no tree of its own in memory, extends the tree from the pruned prefix's frontier.
      const replica = reader();
      await replica.append(entryInput({ occurredAt: OLD }));
      await replica.close();
      expect(await reader().verify()).toMatchObject({ ok: true, entriesChecked: 6, checkpoint: { treeSize: 16 } });
      await append(16);
      const second = await archive();
      // Checkpoints at 16 (the replica's close) and 26.
      expect(second.through).toBe(26);
      expect(JSON.parse(second.lines[0]!).start.seq).toBe(10);
      expect(await verifyEvidenceExport(second.lines, [hub])).toMatchObject({ ok: true, entriesChecked: 16, last: { seq: 26 } });
      // The first archive no longer starts where the log does.
      await expect(audit.prune({ archive: first.lines, archiveSha256: sha256(first.lines), verifiers: [hub], before: BEFORE })).rejects.toThrow(
        /the archive holds entries 1 to 10 but the log's entries start after seq 10: nothing pruned/,
      );
      expect(await audit.prune({ archive: second.lines, archiveSha256: sha256(second.lines), verifiers: [hub], before: BEFORE })).toEqual({ from: 11, through: 26 });
      expect(await reader().verify()).toMatchObject({ ok: true, entriesChecked: 6, pruned: { entries: 26 } });
      expect(await audit.expiredCheckpoint(BEFORE)).toBeNull();
    });

    it('refuses to prune with an archive that does not verify, deleting nothing', async () => {
      await append(10);
      const { lines } = await archive();
      const altered = lines.map((line) => line.replace('"principal":"wang.li"', '"principal":"someone-else"'));
      await expect(audit.prune({ archive: altered, archiveSha256: sha256(altered), verifiers: [hub], before: BEFORE })).rejects.toThrow(
        /the archive does not verify \(edited: the content of entry 1 does not match its hash\): nothing pruned/,
      );
      const stranger = parseNoteVerifier(createNoteSigner('cityhub.test/audit', generateKeyPairSync('ed25519').privateKey).verifierKey);
      await expect(audit.prune({ archive: lines, archiveSha256: sha256(lines), verifiers: [stranger], before: BEFORE })).rejects.toThrow(/the archive does not verify \(forged: .*carries no valid signature/);
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(10);
    });

    it('refuses to prune entries still within the retention period, deleting nothing', async () => {
      await append(10);
      const { lines } = await archive();
      await expect(audit.prune({ archive: lines, archiveSha256: sha256(lines), verifiers: [hub], before: new Date('2025-01-01T00:00:00.000Z') })).rejects.toThrow(
        /entries up to seq 10 include one that occurred at 2025-03-03T02:00:00\.000Z, within the retention period \(before 2025-01-01T00:00:00\.000Z\): nothing pruned/,
      );
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(10);
    });

    it('refuses an archive holding entries past its checkpoint, or of another log', async () => {
      await append(12);
      const full = await collect(audit.exportEvidence());
      await expect(audit.prune({ archive: full, archiveSha256: sha256(full), verifiers: [hub], before: BEFORE })).rejects.toThrow(/the archive holds entries past its checkpoint of tree size 10/);
      const other = await dialect.create();
      try {
        await migrateAuditLog({ db: other.db, dialect: other.dialect });
        const otherLog = createAuditLog({ db: other.db, dialect: other.dialect, checkpoints: { signer: hubSigner, everyEntries: 10 } });
        for (let index = 0; index < 10; index += 1) await otherLog.append(entryInput({ occurredAt: OLD, principal: 'elsewhere' }));
        const foreign = await collect(otherLog.exportEvidence({ throughTreeSize: 10 }));
        await otherLog.close();
        await expect(audit.prune({ archive: foreign, archiveSha256: sha256(foreign), verifiers: [hub], before: BEFORE })).rejects.toThrow(/is not the log's: it is the archive of another log; nothing pruned/);
      } finally {
        await other.drop();
      }
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(12);
    });

    it('refuses to prune a log that does not verify: its entries are evidence', async () => {
      await append(10);
      const { lines } = await archive();
      await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_entries SET principal = 'x' WHERE seq = 4`]);
      await expect(audit.prune({ archive: lines, archiveSha256: sha256(lines), verifiers: [hub], before: BEFORE })).rejects.toThrow(
        /the log does not verify \(seq 4, edited: .*\): nothing pruned, the entries are evidence/,
      );
    });

    it('refuses bad prune options and a checkpoint to archive through that does not exist', async () => {
      await append(10);
      const { lines } = await archive();
      await expect(audit.prune({ archive: lines, archiveSha256: 'abc', verifiers: [hub], before: BEFORE })).rejects.toThrow(/archiveSha256 must be 64 lower-case hex digits, received "abc"/);
      await expect(audit.prune({ archive: lines, archiveSha256: sha256(lines), verifiers: [hub], before: new Date('nope') })).rejects.toThrow(/before must be a valid Date/);
      await expect(audit.expiredCheckpoint('2026' as never)).rejects.toThrow(/before must be a valid Date, received 2026/);
      await expect(collect(audit.exportEvidence({ throughTreeSize: 7 }))).rejects.toThrow(/the audit log has no checkpoint of tree size 7/);
      expect(await audit.expiredCheckpoint(new Date('2025-01-01T00:00:00.000Z'))).toBeNull();
    });

    it('lets the database delete only entries recorded as pruned', async () => {
      await append(10);
      await expect(sql.raw('DELETE FROM cityhub_audit_personal_keys WHERE seq = 10').execute(database.db)).rejects.toThrow(/append-only: DELETE on cityhub_audit_personal_keys refused/);
      const { lines } = await archive();
      await audit.prune({ archive: lines, archiveSha256: sha256(lines), verifiers: [hub], before: BEFORE });
      await expect(sql.raw(`DELETE FROM cityhub_audit_pruned`).execute(database.db)).rejects.toThrow(/append-only/);
      await expect(sql.raw(`UPDATE cityhub_audit_pruned SET pruned_through = 11`).execute(database.db)).rejects.toThrow(/append-only/);
    });

    it('detects a pruned prefix record that was altered, and entries deleted after the pruned ones', async () => {
      await append(15);
      const { lines } = await archive();
      await audit.prune({ archive: lines, archiveSha256: sha256(lines), verifiers: [hub], before: BEFORE });
      const prefix = (await audit.pruned())!;
      expect(prefix).toMatchObject({ entries: 10, archiveSha256: sha256(lines) });
      await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_pruned SET frontier = '["${'0'.repeat(64)}","${prefix.frontier[1]}"]'`]);
      expect(await reader().verify()).toMatchObject({
        ok: false,
        reason: 'edited',
        firstBrokenSeq: 10,
        message: 'the record of the 10 pruned entries does not give the root of the checkpoint of tree size 10: it was altered',
      });
      await tamper(database.db, database.dialect, [
        `UPDATE cityhub_audit_pruned SET frontier = '${JSON.stringify(prefix.frontier)}'`,
        ...['cityhub_audit_personal_keys', 'cityhub_audit_sources', 'cityhub_audit_entries'].map((table) => `DELETE FROM ${table} WHERE seq = 11`),
      ]);
      expect(await reader().verify()).toMatchObject({ ok: false, reason: 'deleted', firstBrokenSeq: 11, message: 'entry 11 is missing: entry 12 follows entry 10' });
    });

    it('parses a retention period of whole days, refusing anything else with the value named', () => {
      expect(parseRetentionDays('365')).toBe(365);
      expect(parseRetentionDays(30)).toBe(30);
      for (const bad of ['0', '-1', '1.5', '10d', '', 'P1Y', null]) {
        expect(() => parseRetentionDays(bad, 'CITYHUB_AUDIT_RETENTION_DAYS')).toThrow(new RegExp(`CITYHUB_AUDIT_RETENTION_DAYS must be a positive whole number of days, received ${JSON.stringify(bad)?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      }
    });
  });
}
