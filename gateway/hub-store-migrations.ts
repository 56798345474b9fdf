import { sql, type Kysely } from 'kysely';
import type { SqlDatabase } from '../connectors/index.ts';
import {
  AGREEMENTS_TABLE,
  AGREEMENT_MIGRATIONS,
  AGREEMENT_MIGRATION_TABLES,
  AUDIT_MIGRATION_TABLE,
  createAuditMigrations,
  grantAuditWriterRole,
  migrateAgreements,
  migrateAuditLog,
} from '../governance/index.ts';
import { CONNECTOR_VERSIONS_TABLE, REGISTRY_MIGRATIONS, REGISTRY_MIGRATION_TABLES, migrateConnectorRegistry } from './connectors-admin/registry-store.ts';

/**
 * Runs the migrations of every store the hub keeps (agreements, the connector registry, then
 * the audit log) on its
 * database, as the role that owns the tables: what `cityhub migrate` does, so that the hub
 * itself can connect as a role that holds only {@link grantHubRole}'s grants.
 *
 * ```ts
 * const owner = openHubDatabase({ dataDir, databaseUrl: ownerUrl });
 * await migrateHubStores(owner);
 * ```
 */
export async function migrateHubStores(database: SqlDatabase): Promise<void> {
  await migrateAgreements(database.db);
  await migrateConnectorRegistry(database.db);
  await migrateAuditLog({ db: database.db, dialect: database.dialect });
}

/**
 * Checks, without changing anything, that every migration of the hub's stores has run on
 * the database: what the hub does at start when it is told not to migrate (`migrate: false`).
 * Throws an `Error` naming the migrations missing and `cityhub migrate`.
 */
export async function checkHubStoresMigrated(database: SqlDatabase): Promise<void> {
  const expected: Array<[table: string, names: readonly string[]]> = [
    [AGREEMENT_MIGRATION_TABLES.migrationTableName, Object.keys(AGREEMENT_MIGRATIONS)],
    [REGISTRY_MIGRATION_TABLES.migrationTableName, Object.keys(REGISTRY_MIGRATIONS)],
    [AUDIT_MIGRATION_TABLE, Object.keys(createAuditMigrations(database.dialect))],
  ];
  const missing: string[] = [];
  for (const [table, names] of expected) {
    let applied: Set<string>;
    try {
      const rows = await (database.db as Kysely<any>).selectFrom(table).select('name').execute();
      applied = new Set(rows.map((row) => String(row.name)));
    } catch (cause) {
      throw new Error(`the hub's store at ${database.displayUrl} is not migrated (cannot read ${table}): run \`cityhub migrate\` as the tables' owner first`, { cause });
    }
    for (const name of names) if (!applied.has(name)) missing.push(`${table}: ${name}`);
  }
  if (missing.length > 0) {
    throw new Error(`the hub's store at ${database.displayUrl} lacks migrations (${missing.join(', ')}): run \`cityhub migrate\` as the tables' owner first`);
  }
}

/** Options of {@link grantHubRole}. */
export interface GrantHubRoleOptions {
  /** A PostgreSQL connection as the owner of the hub's tables (the role `cityhub migrate` ran as). */
  readonly db: Kysely<any>;
  /** The role the hub connects as, or a group role granted to it; a plain lower-case SQL identifier. */
  readonly role: string;
  /** Create the role (`NOLOGIN`) when it does not exist. @default true */
  readonly create?: boolean;
}

/**
 * Grants a PostgreSQL role exactly what the hub needs on its own store, once the owner has
 * migrated it, and nothing else:
 *
 * - `USAGE` on the schema;
 * - the audit tables: `SELECT`, `INSERT` (append and read; see `grantAuditWriterRole`);
 * - `cityhub_agreements`: `SELECT`, `INSERT`, `UPDATE` (request, approve, reject, revoke;
 *   never `DELETE`);
 * - `cityhub_connector_versions`: `SELECT`, `INSERT`, `UPDATE` (register a version, change
 *   its state; never `DELETE`: every version stays on record);
 * - the three migration tables (`cityhub_agreement_migrations`, `cityhub_registry_migrations`,
 *   `cityhub_audit_migration`): `SELECT`, so the hub can check at start that the migrations ran.
 *
 * The audit chain's lock is an advisory lock, which needs no grant. Everything else is
 * revoked from the role on those tables first.
 *
 * ```ts
 * await grantHubRole({ db: ownerDb, role: 'cityhub_hub' });
 * // then: GRANT cityhub_hub TO hub_login;
 * ```
 */
export async function grantHubRole(options: GrantHubRoleOptions): Promise<void> {
  await grantAuditWriterRole({ db: options.db, role: options.role, ...(options.create !== undefined ? { create: options.create } : {}) });
  const name = sql.id(options.role);
  await sql`REVOKE ALL ON ${sql.table(AGREEMENTS_TABLE)} FROM ${name}`.execute(options.db);
  await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(AGREEMENTS_TABLE)} TO ${name}`.execute(options.db);
  await sql`REVOKE ALL ON ${sql.table(CONNECTOR_VERSIONS_TABLE)} FROM ${name}`.execute(options.db);
  await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(CONNECTOR_VERSIONS_TABLE)} TO ${name}`.execute(options.db);
  for (const table of [AGREEMENT_MIGRATION_TABLES.migrationTableName, REGISTRY_MIGRATION_TABLES.migrationTableName, AUDIT_MIGRATION_TABLE]) {
    await sql`REVOKE ALL ON ${sql.table(table)} FROM ${name}`.execute(options.db);
    await sql`GRANT SELECT ON ${sql.table(table)} TO ${name}`.execute(options.db);
  }
}
