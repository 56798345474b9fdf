import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../../connectors/kinds/sql/database.ts';
import { createAuditLog, type AuditLog } from '../../../governance/audit/create-audit-log.ts';
import { AUDIT_GENESIS_HASH, hashAuditEntry } from '../../../governance/audit/hash-audit-entry.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { GovernanceError } from '../../../schema/index.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { countRows, deleteSeq, entryInput, holdChainLock, shiftSeqs, source, swapSeqs, tamper } from './fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`audit log on ${dialect.name}`, () => {
    let database: TestDatabase;
    let audit: AuditLog;
    const extra: Array<() => Promise<void>> = [];

    beforeEach(async () => {
      database = await dialect.create();
      await migrateAuditLog({ db: database.db, dialect: database.dialect });
      audit = createAuditLog({ db: database.db, dialect: database.dialect });
    });

    afterEach(async () => {
      await audit.close().catch(() => undefined);
      for (const cleanup of extra.splice(0)) await cleanup();
      await database.drop();
    });

    // A second connection pool to the same database (SQLite: a file, since memory is per connection).
    async function secondDatabase(): Promise<TestDatabase> {
      if (database.dialect === 'postgres') {
        const other = openSqlDatabase(database.url, { maxConnections: 4 });
        let destroyed = false;
        const drop = async () => {
          if (!destroyed) await other.db.destroy();
          destroyed = true;
        };
        extra.push(drop);
        return { ...other, url: database.url, drop };
      }
      const dir = mkdtempSync(join(tmpdir(), 'cityhub-audit-'));
      const other = openSqlDatabase(`sqlite:${join(dir, 'audit.db')}`);
      let destroyed = false;
      const drop = async () => {
        if (!destroyed) await other.db.destroy();
        destroyed = true;
        rmSync(dir, { recursive: true, force: true });
      };
      extra.push(drop);
      await migrateAuditLog({ db: other.db, dialect: 'sqlite' });
      return { ...other, url: `sqlite:${join(dir, 'audit.db')}`, drop };
    }

    it('migrates idempotently', async () => {
      const again = await migrateAuditLog({ db: database.db, dialect: database.dialect });
      expect(again.results).toEqual([]);
    });

    it('appends an entry and returns it as stored, chained to the genesis', async () => {
      const input = entryInput({ errorCode: null, sources: [source(), source({ system: 'health.clinics', personalKeys: [], latencyMs: 0.25 })] });
      const entry = await audit.append(input);
      expect(entry).toMatchObject({ seq: 1, prevHash: AUDIT_GENESIS_HASH, principal: 'wang.li', occurredAt: '2025-03-03T02:00:00.000Z' });
      expect(entry.hash).toBe(hashAuditEntry(entry));
      const second = await audit.append(entryInput());
      expect(second).toMatchObject({ seq: 2, prevHash: entry.hash });
      const { entries } = await audit.search({ requestId: input.requestId });
      expect(entries).toEqual([entry]);
      expect(await audit.head()).toEqual({ seq: 2, hash: second.hash });
    });

    it('takes occurredAt from the clock when the input has none', async () => {
      const log = createAuditLog({ db: database.db, dialect: database.dialect, clock: () => new Date('2030-01-02T03:04:05.678Z') });
      const { occurredAt: _omit, ...input } = entryInput();
      expect((await log.append(input)).occurredAt).toBe('2030-01-02T03:04:05.678Z');
    });

    it('group-commits concurrent appends from two logs into one valid chain', async () => {
      const other = await secondDatabase();
      const shared = database.dialect === 'postgres' ? other.db : database.db;
      // SQLite in memory is one connection: the two logs share it. The file case is below.
      const first = createAuditLog({ db: database.db, dialect: database.dialect, batchMaxSize: 64 });
      const second = createAuditLog({ db: shared, dialect: database.dialect, batchMaxSize: 64 });
      const results = await Promise.all(
        Array.from({ length: 500 }, (_, index) => (index % 2 === 0 ? first : second).append(entryInput({ principal: `p${index % 7}` }))),
      );
      expect(new Set(results.map((entry) => entry.seq)).size).toBe(500);
      expect(Math.max(...results.map((entry) => entry.seq))).toBe(500);
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(500);
      expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 500 });
    });

    it('group-commits appends from two connections to one database into one valid chain', async () => {
      const a = await secondDatabase();
      const b = database.dialect === 'postgres' ? await secondDatabase() : openSqlDatabase(a.url);
      if (database.dialect === 'sqlite') {
        extra.unshift(() => b.db.destroy());
      } else {
        await migrateAuditLog({ db: a.db, dialect: 'postgres' });
      }
      const logA = createAuditLog({ db: a.db, dialect: a.dialect, batchMaxSize: 50, batchMaxDelayMs: 0 });
      const logB = createAuditLog({ db: b.db, dialect: b.dialect, batchMaxSize: 50, batchMaxDelayMs: 0 });
      const results = await Promise.all(Array.from({ length: 500 }, (_, index) => (index % 2 === 0 ? logA : logB).append(entryInput())));
      expect(new Set(results.map((entry) => entry.seq)).size).toBe(500);
      expect(await logA.verify()).toMatchObject({ ok: true, entriesChecked: 500 });
      expect(await logB.verify()).toMatchObject({ ok: true, entriesChecked: 500 });
    });

    it('resolves every append of a batch only when the batch commits', async () => {
      const log = createAuditLog({ db: database.db, dialect: database.dialect, batchMaxSize: 1000, batchMaxDelayMs: 50 });
      const pending = Array.from({ length: 20 }, () => log.append(entryInput()));
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(0);
      const entries = await Promise.all(pending);
      expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(20);
    });

    it('flushes queued entries at once and refuses appends after close', async () => {
      const log = createAuditLog({ db: database.db, dialect: database.dialect, batchMaxDelayMs: 60_000 });
      const pending = log.append(entryInput());
      await log.flush();
      expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(1);
      await expect(pending).resolves.toMatchObject({ seq: 1 });
      await log.close();
      await expect(log.append(entryInput())).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    });

    describe('append-only guards', () => {
      beforeEach(async () => {
        await audit.append(entryInput());
      });

      for (const table of ['cityhub_audit_entries', 'cityhub_audit_sources', 'cityhub_audit_personal_keys']) {
        it(`refuses UPDATE and DELETE on ${table}`, async () => {
          await expect(sql.raw(`UPDATE ${table} SET seq = 7`).execute(database.db)).rejects.toThrow(/append-only: UPDATE/);
          await expect(sql.raw(`DELETE FROM ${table}`).execute(database.db)).rejects.toThrow(/append-only: DELETE/);
          if (database.dialect === 'postgres') {
            await expect(sql.raw(`TRUNCATE ${table} CASCADE`).execute(database.db)).rejects.toThrow(/append-only: TRUNCATE/);
          }
          expect(await countRows(database.db, table)).toBeGreaterThan(0);
        });
      }
    });

    describe('verify', () => {
      const entries = 12;
      beforeEach(async () => {
        for (let index = 0; index < entries; index += 1) {
          await audit.append(entryInput({ principal: `user-${index}`, sources: [source({ personalKeys: [`P-${index}`] })] }));
        }
        expect(await audit.verify()).toEqual({ ok: true, entriesChecked: entries, last: await audit.head() });
      });

      it('detects an edited entry', async () => {
        await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_entries SET principal = 'mallory' WHERE seq = 5`]);
        expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'edited', entriesChecked: 4 });
      });

      it('detects an edited source or personal-key row', async () => {
        await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_personal_keys SET personal_key = 'P-x' WHERE seq = 7`]);
        expect(await audit.verify()).toMatchObject({ firstBrokenSeq: 7, reason: 'edited' });
        await tamper(database.db, database.dialect, [`UPDATE cityhub_audit_sources SET rows_returned = 0 WHERE seq = 3`]);
        expect(await audit.verify()).toMatchObject({ firstBrokenSeq: 3, reason: 'edited' });
      });

      it('detects a deleted personal-key row', async () => {
        await tamper(database.db, database.dialect, [`DELETE FROM cityhub_audit_personal_keys WHERE seq = 6`]);
        expect(await audit.verify()).toMatchObject({ firstBrokenSeq: 6, reason: 'edited' });
      });

      it('detects a deleted entry', async () => {
        await tamper(database.db, database.dialect, deleteSeq(5));
        expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'deleted' });
      });

      it('detects a deleted entry whose successors were renumbered', async () => {
        await tamper(database.db, database.dialect, [...deleteSeq(5), ...shiftSeqs(6, -1)]);
        expect(await audit.verify()).toMatchObject({ firstBrokenSeq: 5, reason: 'deleted' });
      });

      it('detects entries deleted at the end against the last commit it made, or an anchor', async () => {
        const anchor = await audit.head();
        await tamper(database.db, database.dialect, [...deleteSeq(12), ...deleteSeq(11)]);
        expect(await audit.verify()).toMatchObject({ firstBrokenSeq: 11, reason: 'deleted' });
        const fresh = createAuditLog({ db: database.db, dialect: database.dialect });
        expect((await fresh.verify()).ok).toBe(true);
        expect(await fresh.verify({ anchor: anchor! })).toMatchObject({ firstBrokenSeq: 11, reason: 'deleted' });
      });

      it('detects reordered entries', async () => {
        await tamper(database.db, database.dialect, swapSeqs(5, 6));
        expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'reordered' });
      });

      it('detects an inserted entry', async () => {
        const forged = { ...(await audit.search({ principal: 'user-4' })).entries[0]! };
        await tamper(database.db, database.dialect, [
          ...shiftSeqs(5, 1),
          `INSERT INTO cityhub_audit_entries (seq, prev_hash, hash, occurred_at, request_id, principal, department, purpose, operation_name, operation_hash, outcome, error_code, latency_ms)
           VALUES (5, '${'e'.repeat(64)}', '${'d'.repeat(64)}', '${forged.occurredAt}', 'forged', 'ghost', 'civil-affairs', 'x', NULL, '${'a'.repeat(64)}', 'ok', NULL, 1)`,
        ]);
        expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'inserted' });
      });

      it('detects an edit whose hash was recomputed', async () => {
        const target = (await audit.search({ principal: 'user-4' })).entries[0]!;
        const rewritten = { ...target, principal: 'mallory' };
        await tamper(database.db, database.dialect, [
          `UPDATE cityhub_audit_entries SET principal = 'mallory', hash = '${hashAuditEntry(rewritten)}' WHERE seq = ${target.seq}`,
        ]);
        expect(await audit.verify()).toMatchObject({ firstBrokenSeq: target.seq, reason: 'edited' });
      });
    });

    describe('fails closed', () => {
      it('rejects with AUDIT_UNAVAILABLE and writes nothing of an entry whose batch fails half-way', async () => {
        await audit.append(entryInput());
        await sql.raw('DROP TABLE cityhub_audit_personal_keys').execute(database.db);
        const failures = await Promise.allSettled([audit.append(entryInput()), audit.append(entryInput({ sources: [] }))]);
        for (const failure of failures) {
          expect(failure.status).toBe('rejected');
          const reason = (failure as PromiseRejectedResult).reason;
          expect(reason).toBeInstanceOf(GovernanceError);
          expect(reason).toMatchObject({ code: 'AUDIT_UNAVAILABLE', extensions: { code: 'AUDIT_UNAVAILABLE', http: { status: 503 } } });
          expect(reason.message).not.toMatch(/personal_keys|relation|table/);
        }
        expect(await countRows(database.db, 'cityhub_audit_entries')).toBe(1);
        expect(await countRows(database.db, 'cityhub_audit_sources')).toBe(1);
      });

      it('rejects while the store is unwritable and chains on once it is writable again', async () => {
        await audit.append(entryInput());
        const block =
          database.dialect === 'sqlite'
            ? 'PRAGMA query_only = 1'
            : 'ALTER TABLE cityhub_audit_entries ADD CONSTRAINT audit_test_block CHECK (false) NOT VALID';
        const unblock = database.dialect === 'sqlite' ? 'PRAGMA query_only = 0' : 'ALTER TABLE cityhub_audit_entries DROP CONSTRAINT audit_test_block';
        await sql.raw(block).execute(database.db);
        await expect(audit.append(entryInput())).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
        await sql.raw(unblock).execute(database.db);
        expect(await audit.append(entryInput())).toMatchObject({ seq: 2 });
        expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 2 });
      });

      it('rejects when the connection is gone', async () => {
        const other = await secondDatabase();
        if (other.dialect === 'postgres') await migrateAuditLog({ db: other.db, dialect: 'postgres' });
        const log = createAuditLog({ db: other.db, dialect: other.dialect });
        await log.append(entryInput());
        await other.drop();
        await expect(log.append(entryInput())).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
      });

      if (dialect.name === 'postgres') {
        it('rejects when the commit does not happen within commitTimeoutMs', async () => {
          const other = await secondDatabase();
          const log = createAuditLog({ db: database.db, dialect: 'postgres', commitTimeoutMs: 200 });
          // Another replica holds the chain lock in a long transaction.
          const release = await holdChainLock(other.db);
          await expect(log.append(entryInput())).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', message: expect.stringMatching(/within 200 ms/) });
          await release();
          await log.flush();
          expect(await log.verify()).toMatchObject({ ok: true });
        });
      }
    });

    describe('search', () => {
      beforeEach(async () => {
        const day = (hours: number) => new Date(Date.UTC(2025, 2, 3, hours));
        await audit.append(entryInput({ principal: 'a', department: 'police', purpose: 'investigation', occurredAt: day(1), sources: [source({ system: 'police.records', personalKeys: ['R-1', 'R-2'] })] }));
        await audit.append(entryInput({ principal: 'b', department: 'health', purpose: 'care', occurredAt: day(2), sources: [source({ system: 'health.clinics', personalKeys: ['R-2'] })] }));
        await audit.append(entryInput({ principal: 'a', department: 'police', purpose: 'patrol', occurredAt: day(3), sources: [source({ system: 'health.clinics', personalKeys: [] }), source({ system: 'police.records', personalKeys: ['R-3', 'R-2'] })] }));
        await audit.append(entryInput({ principal: 'c', department: 'health', purpose: 'care', occurredAt: day(4), outcome: 'denied', errorCode: 'FORBIDDEN', sources: [] }));
      });

      const seqs = async (filters: Parameters<AuditLog['search']>[0]) => (await audit.search(filters)).entries.map((entry) => entry.seq);

      it('finds exactly the entries that returned a personal record, newest first', async () => {
        expect(await seqs({ personalKey: 'R-2' })).toEqual([3, 2, 1]);
        expect(await seqs({ personalKey: 'R-3' })).toEqual([3]);
        expect(await seqs({ personalKey: 'R-404' })).toEqual([]);
      });

      it('filters by principal, department, purpose, system, outcome and time, all together', async () => {
        expect(await seqs({ principal: 'a' })).toEqual([3, 1]);
        expect(await seqs({ department: 'health' })).toEqual([4, 2]);
        expect(await seqs({ purpose: 'care' })).toEqual([4, 2]);
        expect(await seqs({ system: 'health.clinics' })).toEqual([3, 2]);
        expect(await seqs({ outcome: 'denied' })).toEqual([4]);
        expect(await seqs({ from: new Date(Date.UTC(2025, 2, 3, 2)), to: new Date(Date.UTC(2025, 2, 3, 4)) })).toEqual([3, 2]);
        expect(await seqs({ principal: 'a', system: 'health.clinics', personalKey: 'R-2' })).toEqual([3]);
      });

      it('returns full entries with their sources in order', async () => {
        const [entry] = (await audit.search({ personalKey: 'R-3' })).entries;
        expect(entry!.sources.map((item) => [item.system, item.personalKeys])).toEqual([
          ['health.clinics', []],
          ['police.records', ['R-3', 'R-2']],
        ]);
        expect(entry!.hash).toBe(hashAuditEntry(entry!));
      });

      it('paginates with cursors', async () => {
        const first = await audit.search({}, { first: 3 });
        expect(first.entries.map((entry) => entry.seq)).toEqual([4, 3, 2]);
        expect(first.pageInfo.hasNextPage).toBe(true);
        const second = await audit.search({}, { first: 3, after: first.pageInfo.endCursor });
        expect(second.entries.map((entry) => entry.seq)).toEqual([1]);
        expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
        const filtered = await audit.search({ personalKey: 'R-2' }, { first: 2 });
        const rest = await audit.search({ personalKey: 'R-2' }, { first: 2, after: filtered.pageInfo.endCursor });
        expect([...filtered.entries, ...rest.entries].map((entry) => entry.seq)).toEqual([3, 2, 1]);
        expect(rest.pageInfo.hasNextPage).toBe(false);
      });

      it('refuses bad page options and cursors as BAD_USER_INPUT', async () => {
        await expect(audit.search({}, { first: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/received 0/) });
        await expect(audit.search({}, { first: 501 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
        await expect(audit.search({}, { after: 'bogus' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/"bogus"/) });
        await expect(audit.search({ from: new Date('nope') })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      });
    });
  });
}
