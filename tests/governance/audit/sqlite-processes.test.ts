import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlDatabase, type SqlDatabase } from '../../../connectors/kinds/sql/database.ts';
import { createAuditLog } from '../../../governance/audit/create-audit-log.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';

const run = promisify(execFile);
const worker = join(import.meta.dirname, 'append-worker.ts');

describe('audit log on one SQLite file shared by processes', () => {
  let dir: string;
  let file: string;
  let database: SqlDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-audit-processes-'));
    file = join(dir, 'audit.db');
    database = openSqlDatabase(`sqlite:${file}`);
    await migrateAuditLog({ db: database.db, dialect: 'sqlite' });
  });

  afterEach(async () => {
    await database.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('extends one chain when three processes append at once', async () => {
    await Promise.all(['a', 'b', 'c'].map((name) => run(process.execPath, ['--import', 'tsx', worker, file, '150', name], { timeout: 60_000 })));
    const audit = createAuditLog({ db: database.db, dialect: 'sqlite' });
    expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 450 });
    for (const name of ['a', 'b', 'c']) expect((await audit.search({ principal: name }, { first: 500 })).entries).toHaveLength(150);
  });
});
