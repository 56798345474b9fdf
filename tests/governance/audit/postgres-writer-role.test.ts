import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlDatabase, type SqlDatabase } from '../../../connectors/kinds/sql/database.ts';
import { createAuditLog } from '../../../governance/audit/create-audit-log.ts';
import { grantAuditWriterRole } from '../../../governance/audit/grant-audit-writer-role.ts';
import { migrateAuditLog } from '../../../governance/audit/migrate-audit-log.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';
import { countRows, entryInput } from './fixtures.ts';

const postgres = DIALECTS.find((dialect) => dialect.name === 'postgres');

describe.skipIf(postgres === undefined)('audit writer role on postgres', () => {
  const role = `cityhub_audit_writer_${randomBytes(4).toString('hex')}`;
  let owner: TestDatabase;
  let writer: SqlDatabase;

  beforeAll(async () => {
    owner = await postgres!.create();
    await migrateAuditLog({ db: owner.db, dialect: 'postgres' });
    await grantAuditWriterRole({ db: owner.db, role });
    // The test server trusts local connections, so the role only needs LOGIN to connect.
    await sql.raw(`ALTER ROLE ${role} LOGIN`).execute(owner.db);
    const url = new URL(owner.url);
    url.username = role;
    writer = openSqlDatabase(url.toString(), { maxConnections: 4 });
  });

  afterAll(async () => {
    await writer?.db.destroy();
    await owner?.drop();
    if (owner !== undefined) {
      // The role's grants died with the database; only the role itself is left.
      const admin = openSqlDatabase(process.env.CITYHUB_TEST_POSTGRES_URL!, { maxConnections: 1 });
      await sql.raw(`DROP ROLE IF EXISTS ${role}`).execute(admin.db);
      await admin.db.destroy();
    }
  });

  it('appends, reads and verifies as the limited role', async () => {
    const audit = createAuditLog({ db: writer.db, dialect: 'postgres' });
    await Promise.all(Array.from({ length: 30 }, () => audit.append(entryInput())));
    expect((await audit.search({}, { first: 5 })).entries).toHaveLength(5);
    expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 30 });
  });

  for (const table of ['cityhub_audit_entries', 'cityhub_audit_sources', 'cityhub_audit_personal_keys']) {
    it(`is refused UPDATE, DELETE and TRUNCATE on ${table} by its privileges`, async () => {
      for (const statement of [`UPDATE ${table} SET seq = seq`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
        await expect(sql.raw(statement).execute(writer.db)).rejects.toThrow(/permission denied/);
      }
      expect(await countRows(owner.db, table)).toBeGreaterThan(0);
    });
  }

  it('cannot drop the append-only triggers or the tables', async () => {
    await expect(sql.raw('DROP TRIGGER cityhub_audit_entries_no_delete ON cityhub_audit_entries').execute(writer.db)).rejects.toThrow(/must be owner/);
    await expect(sql.raw('DROP TABLE cityhub_audit_entries CASCADE').execute(writer.db)).rejects.toThrow(/must be owner/);
  });

  it('makes append fail closed when INSERT is revoked mid-run, leaving nothing half-written', async () => {
    const audit = createAuditLog({ db: writer.db, dialect: 'postgres' });
    const before = await countRows(owner.db, 'cityhub_audit_entries');
    await sql.raw(`REVOKE INSERT ON cityhub_audit_personal_keys FROM ${role}`).execute(owner.db);
    try {
      await expect(audit.append(entryInput())).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
      expect(await countRows(owner.db, 'cityhub_audit_entries')).toBe(before);
    } finally {
      await sql.raw(`GRANT INSERT ON cityhub_audit_personal_keys TO ${role}`).execute(owner.db);
    }
    await expect(audit.append(entryInput())).resolves.toMatchObject({ seq: before + 1 });
  });

  it('creates a missing role without LOGIN, and refuses a role name that is not a plain identifier', async () => {
    const group = `${role}_group`;
    await grantAuditWriterRole({ db: owner.db, role: group });
    const { rows } = await sql<{ rolcanlogin: boolean }>`SELECT rolcanlogin FROM pg_roles WHERE rolname = ${group}`.execute(owner.db);
    expect(rows).toEqual([{ rolcanlogin: false }]);
    const privileges = await sql<{ privilege_type: string }>`
      SELECT privilege_type FROM information_schema.role_table_grants
      WHERE grantee = ${group} AND table_name = 'cityhub_audit_entries' ORDER BY privilege_type`.execute(owner.db);
    expect(privileges.rows.map((row) => row.privilege_type)).toEqual(['INSERT', 'SELECT']);
    await sql.raw(`DROP OWNED BY ${group}`).execute(owner.db);
    await sql.raw(`DROP ROLE ${group}`).execute(owner.db);
    await expect(grantAuditWriterRole({ db: owner.db, role: 'x; DROP TABLE y' })).rejects.toThrow(/role must be a lower-case SQL identifier.*"x; DROP TABLE y"/);
  });
});
