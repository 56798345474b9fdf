import { sql, type Kysely } from 'kysely';
import { AUDIT_TABLES } from './audit-tables.ts';

/** Options of {@link grantAuditWriterRole}. */
export interface GrantAuditWriterRoleOptions {
  /** A PostgreSQL connection as the owner of the audit tables (the role that migrated them). */
  readonly db: Kysely<any>;
  /** The role the hub connects as, or a group role granted to it; a plain SQL identifier. */
  readonly role: string;
  /** Create the role (`NOLOGIN`) when it does not exist. @default true */
  readonly create?: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Limits a PostgreSQL role to appending to and reading the audit log: `SELECT` and `INSERT`
 * on the three audit tables, and `UPDATE`, `DELETE`, `TRUNCATE`, `REFERENCES` and `TRIGGER`
 * revoked. Together with the append-only triggers of the migrations, the hub cannot rewrite
 * its own log.
 *
 * The role must not own the tables (an owner may do anything, including dropping the
 * triggers): run the migrations as another role, then connect the hub as `role` or as a
 * member of it (`GRANT cityhub_audit_writer TO hub_login`).
 *
 * ```ts
 * await grantAuditWriterRole({ db: ownerDb, role: 'cityhub_audit_writer' });
 * ```
 */
export async function grantAuditWriterRole(options: GrantAuditWriterRoleOptions): Promise<void> {
  const { db, role } = options;
  if (typeof role !== 'string' || !IDENTIFIER.test(role)) {
    throw new TypeError(`role must be a lower-case SQL identifier (letters, digits, _), received ${JSON.stringify(role)}`);
  }
  const create = options.create ?? true;
  if (typeof create !== 'boolean') throw new TypeError(`create must be a boolean, received ${JSON.stringify(create)}`);
  const name = sql.id(role);
  if (create) {
    const { rows } = await sql<{ exists: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${role}) AS exists`.execute(db);
    if (rows[0]?.exists !== true) await sql`CREATE ROLE ${name} NOLOGIN`.execute(db);
  }
  await sql`GRANT USAGE ON SCHEMA ${sql.id(await currentSchema(db))} TO ${name}`.execute(db);
  for (const table of AUDIT_TABLES) {
    await sql`REVOKE ALL ON ${sql.table(table)} FROM ${name}`.execute(db);
    await sql`GRANT SELECT, INSERT ON ${sql.table(table)} TO ${name}`.execute(db);
  }
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}
