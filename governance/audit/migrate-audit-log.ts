import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { CHECKPOINTS_TABLE, COSIGNATURES_TABLE, ENTRIES_TABLE, PERSONAL_KEYS_TABLE, PRUNED_TABLE, SOURCES_TABLE, TREE_NODES_TABLE } from './audit-tables.ts';
import { backfillAuditTree } from './audit-tree-store.ts';

/** The SQL engines the audit log runs on. */
export type AuditDialect = 'sqlite' | 'postgres';

/** The table kysely's Migrator records the audit migrations in (separate from other modules'). */
export const AUDIT_MIGRATION_TABLE = 'cityhub_audit_migration';
/** The lock table kysely's Migrator uses for the audit migrations. */
export const AUDIT_MIGRATION_LOCK_TABLE = 'cityhub_audit_migration_lock';

/**
 * The audit log's migrations, one set for both engines (the few statements that differ branch
 * on `dialect` inside a migration, so the names and order are the same everywhere).
 *
 * There are no `down` steps: an audit log is never migrated backwards by a tool.
 *
 * ```ts
 * new Migrator({ db, provider: { getMigrations: async () => createAuditMigrations('sqlite') } });
 * ```
 */
export function createAuditMigrations(dialect: AuditDialect): Record<string, Migration> {
  return {
    '0001_create_audit_tables': {
      async up(db) {
        await db.schema
          .createTable(ENTRIES_TABLE)
          .addColumn('seq', 'bigint', (column) => column.primaryKey())
          // Unique predecessors make a fork of the chain impossible even if the lock were bypassed.
          .addColumn('prev_hash', 'text', (column) => column.notNull().unique())
          .addColumn('hash', 'text', (column) => column.notNull().unique())
          .addColumn('occurred_at', 'text', (column) => column.notNull())
          .addColumn('request_id', 'text', (column) => column.notNull())
          .addColumn('principal', 'text')
          .addColumn('department', 'text')
          .addColumn('purpose', 'text')
          .addColumn('operation_name', 'text')
          .addColumn('operation_hash', 'text', (column) => column.notNull())
          .addColumn('outcome', 'text', (column) => column.notNull())
          .addColumn('error_code', 'text')
          .addColumn('latency_ms', 'double precision', (column) => column.notNull())
          .execute();
        await db.schema
          .createTable(SOURCES_TABLE)
          .addColumn('seq', 'bigint', (column) => column.notNull().references(`${ENTRIES_TABLE}.seq`))
          .addColumn('ordinal', 'integer', (column) => column.notNull())
          .addColumn('system', 'text', (column) => column.notNull())
          .addColumn('fields_read', 'text', (column) => column.notNull())
          .addColumn('rows_returned', 'integer', (column) => column.notNull())
          .addColumn('rows_filtered', 'integer', (column) => column.notNull())
          .addColumn('fields_masked', 'text', (column) => column.notNull())
          .addColumn('fields_denied', 'text', (column) => column.notNull())
          .addColumn('conditional_fields', 'text', (column) => column.notNull())
          .addColumn('agreement_ids', 'text', (column) => column.notNull())
          .addColumn('outcome', 'text', (column) => column.notNull())
          .addColumn('latency_ms', 'double precision', (column) => column.notNull())
          .addPrimaryKeyConstraint(`${SOURCES_TABLE}_pkey`, ['seq', 'ordinal'])
          .execute();
        await db.schema
          .createTable(PERSONAL_KEYS_TABLE)
          .addColumn('seq', 'bigint', (column) => column.notNull().references(`${ENTRIES_TABLE}.seq`))
          .addColumn('source_ordinal', 'integer', (column) => column.notNull())
          .addColumn('ordinal', 'integer', (column) => column.notNull())
          .addColumn('personal_key', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint(`${PERSONAL_KEYS_TABLE}_pkey`, ['seq', 'source_ordinal', 'ordinal'])
          .execute();
        const indexes: Array<[string, string, string[]]> = [
          [`${ENTRIES_TABLE}_principal_idx`, ENTRIES_TABLE, ['principal', 'seq']],
          [`${ENTRIES_TABLE}_department_idx`, ENTRIES_TABLE, ['department', 'seq']],
          [`${ENTRIES_TABLE}_purpose_idx`, ENTRIES_TABLE, ['purpose', 'seq']],
          [`${ENTRIES_TABLE}_occurred_at_idx`, ENTRIES_TABLE, ['occurred_at']],
          [`${SOURCES_TABLE}_system_idx`, SOURCES_TABLE, ['system', 'seq']],
          [`${PERSONAL_KEYS_TABLE}_key_idx`, PERSONAL_KEYS_TABLE, ['personal_key', 'seq']],
        ];
        for (const [name, table, columns] of indexes) await db.schema.createIndex(name).on(table).columns(columns).execute();
      },
    },
    '0002_append_only_triggers': {
      async up(db) {
        if (dialect === 'postgres') {
          await sql
            .raw(
              `CREATE OR REPLACE FUNCTION cityhub_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cityhub audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$`,
            )
            .execute(db);
        }
        for (const table of [ENTRIES_TABLE, SOURCES_TABLE, PERSONAL_KEYS_TABLE]) await appendOnly(db, dialect, table);
      },
    },
    '0003_merkle_tree_and_checkpoints': {
      async up(db) {
        await db.schema
          .createTable(TREE_NODES_TABLE)
          .addColumn('level', 'integer', (column) => column.notNull())
          .addColumn('idx', 'bigint', (column) => column.notNull())
          .addColumn('hash', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint(`${TREE_NODES_TABLE}_pkey`, ['level', 'idx'])
          .execute();
        await db.schema
          .createTable(CHECKPOINTS_TABLE)
          .addColumn('tree_size', 'bigint', (column) => column.primaryKey())
          .addColumn('root_hash', 'text', (column) => column.notNull())
          .addColumn('issued_at', 'text', (column) => column.notNull())
          .addColumn('note', 'text', (column) => column.notNull())
          .execute();
        await db.schema
          .createTable(COSIGNATURES_TABLE)
          .addColumn('tree_size', 'bigint', (column) => column.notNull().references(`${CHECKPOINTS_TABLE}.tree_size`))
          .addColumn('key_name', 'text', (column) => column.notNull())
          .addColumn('signature', 'text', (column) => column.notNull())
          .addColumn('signed_at', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint(`${COSIGNATURES_TABLE}_pkey`, ['tree_size', 'key_name'])
          .execute();
        for (const table of [TREE_NODES_TABLE, CHECKPOINTS_TABLE, COSIGNATURES_TABLE]) await appendOnly(db, dialect, table);
        // A log migrated with entries already in it gets their tree now.
        await backfillAuditTree(db);
      },
    },
    '0004_retention': {
      async up(db) {
        await db.schema
          .createTable(PRUNED_TABLE)
          .addColumn('pruned_through', 'bigint', (column) => column.primaryKey())
          .addColumn('last_hash', 'text', (column) => column.notNull())
          .addColumn('frontier', 'text', (column) => column.notNull())
          .addColumn('last_inclusion', 'text', (column) => column.notNull())
          .addColumn('archive_sha256', 'text', (column) => column.notNull())
          .addColumn('pruned_at', 'text', (column) => column.notNull())
          .execute();
        await appendOnly(db, dialect, PRUNED_TABLE);
        // Entries stay append-only, except those a pruning recorded first (seq up to its pruned_through).
        const condition = `(SELECT COALESCE(MAX(pruned_through), 0) FROM ${PRUNED_TABLE})`;
        if (dialect === 'postgres') {
          await sql
            .raw(
              `CREATE OR REPLACE FUNCTION cityhub_audit_refuse_unpruned_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.seq > ${condition} THEN
    RAISE EXCEPTION 'cityhub audit log is append-only: DELETE on % refused (seq % was not pruned)', TG_TABLE_NAME, OLD.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END
$$`,
            )
            .execute(db);
        }
        for (const table of [ENTRIES_TABLE, SOURCES_TABLE, PERSONAL_KEYS_TABLE]) {
          if (dialect === 'sqlite') {
            await sql.raw(`DROP TRIGGER ${table}_no_delete`).execute(db);
            await sql
              .raw(
                `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} WHEN OLD.seq > ${condition} ` +
                  `BEGIN SELECT RAISE(ABORT, 'cityhub audit log is append-only: DELETE on ${table} refused (the entry was not pruned)'); END`,
              )
              .execute(db);
          } else {
            await sql.raw(`DROP TRIGGER ${table}_append_only ON ${table}`).execute(db);
            await sql.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION cityhub_audit_refuse_change()`).execute(db);
            await sql.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION cityhub_audit_refuse_unpruned_delete()`).execute(db);
          }
        }
      },
    },
    // Entry format 2: nullable JSON columns for the optional fields. NULL is "absent", so the
    // entries already stored read back, and hash, exactly as before.
    '0005_entry_format_2': {
      async up(db) {
        for (const column of ['jurisdictions', 'agreement_actions', 'entries_returned']) {
          await db.schema.alterTable(ENTRIES_TABLE).addColumn(column, 'text').execute();
        }
        await db.schema.alterTable(SOURCES_TABLE).addColumn('keys_denied', 'text').execute();
      },
    },
  };
}

// Private: the append-only triggers of one table (on PostgreSQL through 0002's function).
async function appendOnly(db: Kysely<any>, dialect: AuditDialect, table: string): Promise<void> {
  if (dialect === 'sqlite') {
    for (const operation of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table} ` +
            `BEGIN SELECT RAISE(ABORT, 'cityhub audit log is append-only: ${operation} on ${table} refused'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION cityhub_audit_refuse_change()`)
    .execute(db);
  await sql.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION cityhub_audit_refuse_change()`).execute(db);
}

/** Options of {@link migrateAuditLog}. */
export interface MigrateAuditLogOptions {
  /** A connection allowed to create tables (the owner, not the hub's limited writer role). */
  readonly db: Kysely<any>;
  readonly dialect: AuditDialect;
}

/**
 * Brings the audit tables to the latest version through kysely's `Migrator`, recording the
 * migrations in `cityhub_audit_migration`. Safe to call from several replicas at once (the
 * Migrator takes its lock). Throws the migration's error if one fails.
 *
 * ```ts
 * await migrateAuditLog({ db, dialect: 'postgres' });
 * ```
 */
export async function migrateAuditLog(options: MigrateAuditLogOptions): Promise<MigrationResultSet> {
  const dialect = validDialect(options.dialect);
  const migrator = new Migrator({
    db: options.db,
    provider: { getMigrations: async () => createAuditMigrations(dialect) },
    migrationTableName: AUDIT_MIGRATION_TABLE,
    migrationLockTableName: AUDIT_MIGRATION_LOCK_TABLE,
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) throw result.error;
  return result;
}

/** Validates a `dialect` option. @internal */
export function validDialect(dialect: unknown): AuditDialect {
  if (dialect !== 'sqlite' && dialect !== 'postgres') {
    throw new TypeError(`dialect must be "sqlite" or "postgres", received ${JSON.stringify(dialect)}`);
  }
  return dialect;
}
