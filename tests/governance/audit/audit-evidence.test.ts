import { generateKeyPairSync, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../../connectors/kinds/sql/database.ts';
import { readEntriesAfter } from '../../../governance/audit/audit-store.ts';
import { createAuditLog, type AuditLog } from '../../../governance/audit/create-audit-log.ts';
import { AUDIT_GENESIS_HASH, hashAuditEntry } from '../../../governance/audit/hash-audit-entry.ts';
import { auditLeafHash, verifyConsistencyProof, verifyInclusionProof } from '../../../governance/audit/merkle-tree.ts';
import { AUDIT_MIGRATION_LOCK_TABLE, AUDIT_MIGRATION_TABLE, createAuditMigrations, migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { createNoteSigner, parseCheckpointBody, parseNoteVerifier, parseSignedNote } from '../../../governance/audit/signed-note.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { countRows, entryInput, holdChainLock, source, tamper } from './fixtures.ts';

const ORIGIN = 'cityhub.test/audit';
const hubSigner = createNoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
const bureauSigner = createNoteSigner('audit-bureau.test', generateKeyPairSync('ed25519').privateKey);
const hub = parseNoteVerifier(hubSigner.verifierKey);
const bureau = parseNoteVerifier(bureauSigner.verifierKey);
const hex = (value: string) => Buffer.from(value, 'hex');

for (const dialect of DIALECTS) {
  describe(`audit evidence on ${dialect.name}`, () => {
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

    async function appendMany(count: number, log: AuditLog = audit): Promise<void> {
      for (let index = 0; index < count; index += 1) await log.append(entryInput({ principal: `user-${index % 5}` }));
    }

    // A fresh log over the same store: it has no memory of what it committed, as a CLI run.
    const reader = () => createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner } });

    it('issues a signed C2SP checkpoint every N entries, and one for the tail at close', async () => {
      await appendMany(25);
      expect((await audit.checkpoints()).map((checkpoint) => checkpoint.treeSize)).toEqual([10, 20]);
      await audit.close();
      const checkpoints = await audit.checkpoints();
      expect(checkpoints.map((checkpoint) => checkpoint.treeSize)).toEqual([10, 20, 25]);
      const note = parseSignedNote(checkpoints[2]!.note);
      const lines = note.text.split('\n');
      expect(lines.slice(0, 3)).toEqual([ORIGIN, '25', Buffer.from(checkpoints[2]!.rootHash, 'hex').toString('base64')]);
      expect(lines[3]).toMatch(/^time \d{4}-\d\d-\d\dT/);
      expect(checkpoints[2]!.note).toMatch(new RegExp(`\\n\\n\u2014 ${ORIGIN.replace('.', '\\.')} [A-Za-z0-9+/]+=*\\n$`));
      // The signature is plain Ed25519 over the note text, after the 4-byte key ID.
      expect(verify(null, Buffer.from(note.text), hub.publicKey, note.signatures[0]!.signature)).toBe(true);
      expect(note.signatures[0]!.keyId).toBe(hub.keyId);
      expect(parseCheckpointBody(note.text)).toMatchObject({ origin: ORIGIN, treeSize: 25 });
      expect(await reader().verify()).toMatchObject({ ok: true, entriesChecked: 25, checkpoint: { treeSize: 25, signedBy: [ORIGIN], checkpointsChecked: 3 } });
    });

    it('issues a checkpoint after everyMs when the tree grew, even without further appends', async () => {
      const timed = createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner, everyEntries: 1000, everyMs: 50 } });
      await timed.append(entryInput());
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await timed.checkpoints()).map((checkpoint) => checkpoint.treeSize)).toEqual([1]);
      await timed.close();
    });

    it('reports a timed checkpoint that fails, instead of dropping the error', async () => {
      const failures: Error[] = [];
      const broken = { ...hubSigner, sign: () => { throw new Error('the signing key is unavailable'); } };
      const timed = createAuditLog({
        db: database.db,
        dialect: database.dialect,
        checkpoints: { signer: broken, everyEntries: 1000, everyMs: 50, onError: (error) => failures.push(error) },
      });
      await timed.append(entryInput());
      await expect.poll(() => failures.length, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(failures[0]!.message).toBe('the signing key is unavailable');
      // Closing issues a last checkpoint, which fails the same way and says so.
      await expect(timed.close()).rejects.toThrow('the signing key is unavailable');
    });

    it('refuses an onError that is not a function', () => {
      expect(() => createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner, onError: 'log' as never } })).toThrow(
        /checkpoints\.onError must be a function, received log/,
      );
    });

    it('returns inclusion proofs that verify against a checkpoint, and fail when altered', async () => {
      await appendMany(37);
      const checkpoint = (await audit.checkpoint())!;
      expect(checkpoint.treeSize).toBe(37);
      const root = hex(checkpoint.rootHash);
      const proofs = await audit.inclusionProofs([1, 16, 17, 33, 37], 37);
      const entries = await readEntriesAfter(database.db, 0, 100);
      for (const proof of proofs) {
        expect(proof.leafHash).toBe(auditLeafHash(entries[proof.seq - 1]!.hash).toString('hex'));
        expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, hex(proof.leafHash), proof.hashes.map(hex), root)).toBe(true);
        const altered = proof.hashes.map((hash, index) => (index === 0 ? hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) : hash));
        expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, hex(proof.leafHash), altered.map(hex), root)).toBe(false);
        expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, auditLeafHash(entries[(proof.seq % 37)]!.hash), proof.hashes.map(hex), root)).toBe(false);
      }
      await expect(audit.inclusionProofs([38], 37)).rejects.toThrow(/leaf index must be an integer from 0 to 36, received 37/);
    });

    it('returns consistency proofs between checkpoints that verify, and fail when altered', async () => {
      await appendMany(30);
      const [ten, , thirty] = await audit.checkpoints();
      const proof = await audit.consistencyProof(10, 30);
      expect(verifyConsistencyProof(10, 30, hex(ten!.rootHash), hex(thirty!.rootHash), proof.hashes.map(hex))).toBe(true);
      expect(verifyConsistencyProof(10, 30, hex(thirty!.rootHash), hex(thirty!.rootHash), proof.hashes.map(hex))).toBe(false);
      expect(verifyConsistencyProof(10, 30, hex(ten!.rootHash), hex(thirty!.rootHash), proof.hashes.slice(1).map(hex))).toBe(false);
    });

    it('detects a chain rewritten with recomputed hashes, naming the checkpoint it no longer matches', async () => {
      await appendMany(12);
      // Entry 3 is edited and every hash from it on recomputed: the chain itself is intact.
      const entries = await readEntriesAfter(database.db, 0, 100);
      const statements: string[] = [];
      let prevHash = entries[1]!.hash;
      for (const entry of entries.slice(2)) {
        const rewritten = { ...entry, principal: entry.seq === 3 ? 'someone-else' : entry.principal, prevHash };
        const hash = hashAuditEntry(rewritten);
        statements.push(`UPDATE cityhub_audit_entries SET principal = '${rewritten.principal}', prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${entry.seq}`);
        prevHash = hash;
      }
      // Unique hashes: move the old ones out of the way first.
      await tamper(database.db, database.dialect, [
        ...entries.slice(2).map((entry) => `UPDATE cityhub_audit_entries SET prev_hash = 'x${entry.seq}', hash = 'y${entry.seq}' WHERE seq = ${entry.seq}`),
        ...statements,
      ]);
      const report = await reader().verify();
      expect(report).toMatchObject({ ok: false, reason: 'edited', firstBrokenSeq: 1 });
      expect(report.message).toMatch(/the first 10 entries no longer match the checkpoint signed at .*: the chain was rewritten between seq 1 and 10/);
    });

    it('detects a rewritten chain past 16 entries at the stored subtree that differs', async () => {
      await appendMany(40);
      const entries = await readEntriesAfter(database.db, 0, 100);
      let prevHash = entries[19]!.hash;
      const statements = entries.slice(20).map((entry) => `UPDATE cityhub_audit_entries SET prev_hash = 'x${entry.seq}', hash = 'y${entry.seq}' WHERE seq = ${entry.seq}`);
      for (const entry of entries.slice(20)) {
        const rewritten = { ...entry, latencyMs: entry.seq === 21 ? 999 : entry.latencyMs, prevHash };
        const hash = hashAuditEntry(rewritten);
        statements.push(`UPDATE cityhub_audit_entries SET latency_ms = ${rewritten.latencyMs}, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${entry.seq}`);
        prevHash = hash;
      }
      await tamper(database.db, database.dialect, statements);
      const report = await reader().verify();
      expect(report).toMatchObject({ ok: false, reason: 'edited', firstBrokenSeq: 17 });
      expect(report.message).toMatch(/entries 17 to 32 differ from the Merkle tree recorded when they were appended/);
    });

    it('detects a deleted tail without any anchor', async () => {
      await appendMany(10);
      await tamper(database.db, database.dialect, [9, 10].flatMap((seq) => ['cityhub_audit_personal_keys', 'cityhub_audit_sources', 'cityhub_audit_entries'].map((table) => `DELETE FROM ${table} WHERE seq = ${seq}`)));
      const report = await reader().verify();
      expect(report).toMatchObject({ ok: false, reason: 'deleted', firstBrokenSeq: 9 });
      expect(report.message).toMatch(/the log ends at seq 8 but the checkpoint signed at .* covers 10 entries: entries 9 to 10 were deleted/);
    });

    it('detects a forged checkpoint and an altered one', async () => {
      await appendMany(10);
      const forger = createNoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
      const [real] = await audit.checkpoints();
      const text = parseSignedNote(real!.note).text;
      await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_checkpoints SET note = '${text}\n${forger.sign(text)}' WHERE tree_size = 10`]);
      const forged = await reader().verify();
      expect(forged).toMatchObject({ ok: false, reason: 'forged', firstBrokenSeq: 10 });
      expect(forged.message).toMatch(/checkpoint of tree size 10 .* carries no valid signature of the hub's key cityhub\.test\/audit: it is forged or was altered/);
      const altered = real!.note.replace(/\n10\n/, '\n11\n');
      await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_checkpoints SET note = '${altered}' WHERE tree_size = 10`]);
      expect((await reader().verify()).message).toMatch(/says tree size 11, .* it was altered/);
    });

    it('co-signs a checkpoint after verifying the tree, and refuses a broken one', async () => {
      await appendMany(10);
      const cosigned = await audit.cosign({ signer: bureauSigner, hub });
      const note = parseSignedNote(cosigned.note);
      expect(note.signatures.map((signature) => signature.name)).toEqual([ORIGIN, 'audit-bureau.test']);
      expect(await reader().verify({ verifiers: [hub, bureau] })).toMatchObject({ ok: true, checkpoint: { treeSize: 10, signedBy: [ORIGIN, 'audit-bureau.test'] } });
      await expect(audit.cosign({ signer: bureauSigner, hub })).rejects.toThrow(/already signed by audit-bureau\.test/);
      await expect(audit.cosign({ signer: bureauSigner, hub, treeSize: 7 })).rejects.toThrow(/no checkpoint of tree size 7/);
      const stranger = parseNoteVerifier(createNoteSigner('stranger.test', generateKeyPairSync('ed25519').privateKey).verifierKey);
      await expect(audit.cosign({ signer: bureauSigner, hub: stranger })).rejects.toThrow(/no valid signature of the hub's key stranger\.test: not co-signed/);
      await appendMany(10);
      await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_entries SET principal = 'x' WHERE seq = 4`]);
      const other = createNoteSigner('other-bureau.test', generateKeyPairSync('ed25519').privateKey);
      await expect(audit.cosign({ signer: other, hub })).rejects.toThrow(/does not verify up to checkpoint 20 \(seq 4, edited/);
      expect(await countRows(database.db, 'cityhub_audit_cosignatures')).toBe(1);
    });

    it('builds the tree of entries appended before the tree existed when migrating', async () => {
      const fresh = await dialect.create();
      try {
        const migrations = createAuditMigrations(fresh.dialect);
        const migrator = new Migrator({
          db: fresh.db,
          provider: { getMigrations: async () => migrations },
          migrationTableName: AUDIT_MIGRATION_TABLE,
          migrationLockTableName: AUDIT_MIGRATION_LOCK_TABLE,
        });
        await migrator.migrateTo('0002_append_only_triggers');
        let prevHash = AUDIT_GENESIS_HASH;
        for (let seq = 1; seq <= 20; seq += 1) {
          const { sources: _none, ...input } = entryInput();
          const unhashed = { ...input, occurredAt: '2025-03-03T02:00:00.000Z', errorCode: null, sources: [], seq, prevHash } as never as Parameters<typeof hashAuditEntry>[0];
          const hash = hashAuditEntry(unhashed);
          await fresh.db
            .insertInto('cityhub_audit_entries')
            .values({ seq, prev_hash: prevHash, hash, occurred_at: unhashed.occurredAt, request_id: unhashed.requestId, principal: unhashed.principal, department: unhashed.department, purpose: unhashed.purpose, operation_name: unhashed.operationName, operation_hash: unhashed.operationHash, outcome: unhashed.outcome, error_code: null, latency_ms: unhashed.latencyMs })
            .execute();
          prevHash = hash;
        }
        await migrateAuditLog({ db: fresh.db, dialect: fresh.dialect });
        expect(await countRows(fresh.db, 'cityhub_audit_tree_nodes')).toBe(1);
        const log = createAuditLog({ db: fresh.db, dialect: fresh.dialect, checkpoints: { signer: hubSigner } });
        await log.append(entryInput({ sources: [source()] }));
        const checkpoint = (await log.checkpoint())!;
        expect(checkpoint.treeSize).toBe(21);
        const [proof] = await log.inclusionProofs([5], 21);
        expect(verifyInclusionProof(4, 21, hex(proof!.leafHash), proof!.hashes.map(hex), hex(checkpoint.rootHash))).toBe(true);
        expect(await log.verify()).toMatchObject({ ok: true, entriesChecked: 21 });
        await log.close();
      } finally {
        await fresh.drop();
      }
    });

    it('refuses bad checkpoint options with the option named', () => {
      expect(() => createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner, everyEntries: 0 } })).toThrow(/checkpoints\.everyEntries must be a positive integer, received 0/);
      expect(() => createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner, everyMs: 1.5 } })).toThrow(/checkpoints\.everyMs must be a positive integer, received 1.5/);
      expect(() => createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: {} as never } })).toThrow(/checkpoints\.signer must be a NoteSigner/);
      expect(() => createAuditLog({ db: database.db, dialect: database.dialect, checkpoints: { signer: hubSigner, origin: 'has space' } })).toThrow(/without spaces or "\+", received "has space"/);
    });

    if (dialect.name === 'postgres') {
      it('extends one tree from two replicas on two connection pools', async () => {
        const other = openSqlDatabase(database.url, { maxConnections: 4 });
        try {
          const a = createAuditLog({ db: database.db, dialect: 'postgres', batchMaxSize: 16, checkpoints: { signer: hubSigner, everyEntries: 50 } });
          const b = createAuditLog({ db: other.db, dialect: 'postgres', batchMaxSize: 16, checkpoints: { signer: hubSigner, everyEntries: 50 } });
          await Promise.all(Array.from({ length: 300 }, (_, index) => (index % 2 === 0 ? a : b).append(entryInput())));
          await a.close();
          await b.close();
          const report = await reader().verify();
          expect(report).toMatchObject({ ok: true, entriesChecked: 300, checkpoint: { treeSize: 300 } });
          expect(report.checkpoint!.checkpointsChecked).toBeGreaterThanOrEqual(5);
          // 300 leaves: 18 subtrees of 16, 9 of 32, 4 of 64, 2 of 128, 1 of 256.
          expect(await countRows(database.db, 'cityhub_audit_tree_nodes')).toBe(34);
          const checkpoints = await a.checkpoints();
          for (const [older, newer] of checkpoints.slice(0, -1).map((checkpoint, index) => [checkpoint, checkpoints[index + 1]!] as const)) {
            const proof = await a.consistencyProof(older.treeSize, newer.treeSize);
            expect(verifyConsistencyProof(older.treeSize, newer.treeSize, hex(older.rootHash), hex(newer.rootHash), proof.hashes.map(hex))).toBe(true);
          }
        } finally {
          await other.db.destroy();
        }
      });

      it('gives every queued append its own deadline while the chain lock is held elsewhere', async () => {
        const other = openSqlDatabase(database.url, { maxConnections: 2 });
        const log = createAuditLog({ db: database.db, dialect: 'postgres', commitTimeoutMs: 300, batchMaxSize: 1 });
        const release = await holdChainLock(other.db);
        try {
          const started = performance.now();
          // The first is in flight behind the lock; the other nine queue behind it.
          const settled = await Promise.allSettled(
            Array.from({ length: 10 }, () =>
              log.append(entryInput()).catch((error: unknown) => {
                throw Object.assign(error as Error, { after: performance.now() - started });
              }),
            ),
          );
          for (const result of settled) {
            expect(result.status).toBe('rejected');
            const reason = (result as PromiseRejectedResult).reason as { code: string; after: number; message: string };
            expect(reason.code).toBe('AUDIT_UNAVAILABLE');
            expect(reason.message).toMatch(/within 300 ms/);
            expect(reason.after).toBeLessThan(1500);
          }
        } finally {
          await release();
          await log.close();
          await other.db.destroy();
        }
        // Queued entries that missed their deadline were never written; the one in flight may be.
        expect(await countRows(database.db, 'cityhub_audit_entries')).toBeLessThanOrEqual(1);
      });
    }
  });
}
