import { Kysely, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../governance/audit/create-audit-log.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { entryInput, source } from './fixtures.ts';

describe('createAuditLog misuse', () => {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  afterAll(() => db.destroy());

  it('throws a TypeError naming the option and the value received', () => {
    expect(() => createAuditLog({ db, dialect: 'mysql' as never })).toThrow(new TypeError('dialect must be "sqlite" or "postgres", received "mysql"'));
    expect(() => createAuditLog({ db, dialect: 'sqlite', batchMaxSize: 0 })).toThrow(new TypeError('batchMaxSize must be a positive integer, received 0'));
    expect(() => createAuditLog({ db, dialect: 'sqlite', batchMaxDelayMs: -1 })).toThrow(/batchMaxDelayMs must be a finite number >= 0, received -1/);
    expect(() => createAuditLog({ db, dialect: 'sqlite', commitTimeoutMs: 1.5 })).toThrow(/commitTimeoutMs must be a positive integer, received 1.5/);
    expect(() => createAuditLog({ db: {} as never, dialect: 'sqlite' })).toThrow(/db must be a Kysely instance/);
    expect(() => createAuditLog({ db, dialect: 'sqlite', clock: 'now' as never })).toThrow(/clock must be a function/);
  });

  it('rejects an invalid entry with a TypeError naming the field, without queueing it', async () => {
    await migrateAuditLog({ db, dialect: 'sqlite' });
    const audit = createAuditLog({ db, dialect: 'sqlite' });
    await expect(audit.append(entryInput({ principal: '' }))).rejects.toThrow(/audit entry principal \(null when absent\) must be a non-empty string.*received ""/);
    await expect(audit.append(entryInput({ outcome: 'maybe' as never }))).rejects.toThrow(/outcome must be one of ok, error, denied, partial, received "maybe"/);
    await expect(audit.append(entryInput({ sources: [source({ rowsReturned: -1 })] }))).rejects.toThrow(/sources\[0\]\.rowsReturned must be an integer/);
    await expect(audit.append(entryInput({ sources: [source({ personalKeys: ['ok', 'a\u0000b'] })] }))).rejects.toThrow(/sources\[0\]\.personalKeys\[1\]/);
    await expect(audit.append(entryInput({ latencyMs: Number.POSITIVE_INFINITY }))).rejects.toThrow(/latencyMs must be a finite number/);
    await expect(audit.append(entryInput({ occurredAt: new Date('x') }))).rejects.toThrow(/occurredAt must be a valid Date/);
    await expect(audit.append(entryInput({ requestId: 'lone \uD800 surrogate' }))).rejects.toThrow(/requestId/);
    expect(await audit.append(entryInput())).toMatchObject({ seq: 1 });
  });

  it('copies the input, so a later change to the caller’s object is not logged', async () => {
    const audit = createAuditLog({ db, dialect: 'sqlite', batchMaxDelayMs: 20 });
    const keys = ['P-1'];
    const pending = audit.append(entryInput({ sources: [source({ personalKeys: keys })] }));
    keys.push('P-2');
    expect((await pending).sources[0]!.personalKeys).toEqual(['P-1']);
  });

  it('refuses a bad export start', () => {
    const audit = createAuditLog({ db, dialect: 'sqlite' });
    expect(() => audit.exportJsonLines({ afterSeq: -1 })).toThrow(/afterSeq must be a non-negative integer, received -1/);
  });
});
