import { Migrator, sql, type Kysely, type Migration } from 'kysely';

/** The table agreements are stored in. */
export const AGREEMENTS_TABLE = 'cityhub_agreements';

/** The tables kysely's migrator records the agreement migrations in. */
export const AGREEMENT_MIGRATION_TABLES = Object.freeze({
  migrationTableName: 'cityhub_agreement_migrations',
  migrationLockTableName: 'cityhub_agreement_migration_lock',
});

/**
 * The agreement schema's migrations, defined in code so they ship with the package and run
 * unchanged on SQLite and PostgreSQL.
 *
 * Timestamps are stored as ISO-8601 UTC text (`2030-01-01T00:00:00.000Z`): it sorts and
 * compares the same way on both engines, and the field list as JSON text.
 */
export const AGREEMENT_MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '2030-01-01-001-create-agreements': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable(AGREEMENTS_TABLE)
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('requester_department', 'varchar(200)', (column) => column.notNull())
        .addColumn('provider_department', 'varchar(200)', (column) => column.notNull())
        .addColumn('type_name', 'varchar(200)', (column) => column.notNull())
        .addColumn('fields', 'text', (column) => column.notNull())
        .addColumn('purpose', 'varchar(64)', (column) => column.notNull())
        .addColumn('valid_from', 'varchar(32)', (column) => column.notNull())
        .addColumn('valid_until', 'varchar(32)', (column) => column.notNull())
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('requested_by', 'varchar(200)', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('requested_at', 'varchar(32)', (column) => column.notNull())
        .addColumn('decided_by', 'varchar(200)')
        .addColumn('decided_at', 'varchar(32)')
        .addColumn('decision_note', 'text')
        .addColumn('revoked_by', 'varchar(200)')
        .addColumn('revoked_at', 'varchar(32)')
        .addColumn('revocation_reason', 'text')
        .addCheckConstraint('cityhub_agreements_status_check', sql`status in ('pending', 'approved', 'rejected', 'revoked')`)
        .execute();
      await db.schema
        .createIndex('cityhub_agreements_lookup')
        .on(AGREEMENTS_TABLE)
        .columns(['requester_department', 'provider_department', 'type_name', 'purpose', 'status'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable(AGREEMENTS_TABLE).execute();
    },
  },
});

/**
 * Brings a database's agreement tables to the latest migration (kysely `Migrator` with
 * {@link AGREEMENT_MIGRATIONS}); safe to call on every start and from several gateways at
 * once, since the migrator takes a lock.
 *
 * Throws the migration's error when one fails.
 *
 * ```ts
 * await migrateAgreements(db);
 * ```
 */
export async function migrateAgreements(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...AGREEMENT_MIGRATIONS }) },
    ...AGREEMENT_MIGRATION_TABLES,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
