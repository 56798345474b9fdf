import { Migrator, sql, type Kysely, type Migration, type Selectable } from 'kysely';
import type { CheckReport } from './check-report.ts';

/** Where a registered connector version stands. */
export type ConnectorVersionState = 'checked' | 'active' | 'retired';

/** Every {@link ConnectorVersionState}, in lifecycle order. */
export const CONNECTOR_VERSION_STATES: readonly ConnectorVersionState[] = Object.freeze(['checked', 'active', 'retired']);

/** Who submitted a version: the principal's subject and department. */
export interface ConnectorSubmitter {
  readonly subject: string;
  readonly department: string;
}

/** One registered version of one connector's manifest, with its check report and state. */
export interface ConnectorVersion {
  readonly connectorId: string;
  /** 1, 2, 3… per connector, in the order registered. */
  readonly version: number;
  /** The department the manifest names (the one whose `connector-admin` may act on it). */
  readonly department: string;
  /** The manifest as submitted (JSON data; `defineConnector` validates it again on activation). */
  readonly manifest: unknown;
  readonly submittedBy: ConnectorSubmitter;
  /** ISO-8601 UTC. */
  readonly submittedAt: string;
  readonly report: CheckReport;
  readonly state: ConnectorVersionState;
  /** When this version last became active (ISO-8601 UTC), or `null` when it never was. */
  readonly activatedAt: string | null;
  /** When its state last changed (ISO-8601 UTC). */
  readonly stateChangedAt: string;
}

/** What {@link ConnectorRegistryStore.register} stores. */
export interface RegisterVersionInput {
  readonly connectorId: string;
  readonly department: string;
  readonly manifest: unknown;
  readonly submittedBy: ConnectorSubmitter;
  readonly report: CheckReport;
}

/** The outcome of an activation: the version now active and the one it replaced. */
export interface ActivationResult {
  readonly activated: ConnectorVersion;
  /** The version active before, now `checked` again; `null` when none was. */
  readonly replaced: ConnectorVersion | null;
}

/**
 * Every version of every connector's manifest, through kysely on the hub's store (SQLite or
 * PostgreSQL). At most one version of a connector is `active` (a partial unique index holds
 * that even against two replicas activating at once).
 */
export interface ConnectorRegistryStore {
  /** Stores a new version as `checked`, numbered one above the connector's last. */
  register(input: RegisterVersionInput): Promise<ConnectorVersion>;
  /**
   * Makes `version` the connector's active version, and its previously active one `checked`,
   * in one transaction. Throws a {@link RegistryStoreError} when the version does not exist,
   * is retired, or its report holds an error.
   */
  activate(connectorId: string, version: number): Promise<ActivationResult>;
  /** Retires the connector's active version (nothing of it is served afterwards); throws when none is active. */
  retire(connectorId: string): Promise<ConnectorVersion>;
  /** One version, or `null`. */
  get(connectorId: string, version: number): Promise<ConnectorVersion | null>;
  /** Every version of a connector, oldest first (empty when it was never registered). */
  versions(connectorId: string): Promise<ConnectorVersion[]>;
  /** The latest version of every connector, by connector id. */
  latest(): Promise<ConnectorVersion[]>;
  /** The active version of every connector, by connector id. */
  active(): Promise<ConnectorVersion[]>;
  /** Runs the migrations now (otherwise they run before the first operation). */
  migrate(): Promise<void>;
}

/** A registry operation the store's state refuses (an unknown version, an error report…). */
export class RegistryStoreError extends Error {
  override readonly name = 'RegistryStoreError';
  /** `NOT_FOUND`, `NOT_ACTIVATABLE` or `CONFLICT`. */
  readonly code: 'NOT_FOUND' | 'NOT_ACTIVATABLE' | 'CONFLICT';
  constructor(message: string, code: RegistryStoreError['code']) {
    super(message);
    this.code = code;
  }
}

/** The table connector versions are stored in. */
export const CONNECTOR_VERSIONS_TABLE = 'cityhub_connector_versions';

/** The tables kysely's migrator records the registry migrations in (separate from other stores'). */
export const REGISTRY_MIGRATION_TABLES = Object.freeze({
  migrationTableName: 'cityhub_registry_migrations',
  migrationLockTableName: 'cityhub_registry_migration_lock',
});

/**
 * The registry's migrations, one set for SQLite and PostgreSQL. Timestamps are ISO-8601 UTC
 * text (they sort the same on both engines); manifest and report are JSON text.
 */
export const REGISTRY_MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '2030-02-01-001-create-connector-versions': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable(CONNECTOR_VERSIONS_TABLE)
        .addColumn('connector_id', 'varchar(100)', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('department', 'varchar(200)', (column) => column.notNull())
        .addColumn('manifest', 'text', (column) => column.notNull())
        .addColumn('submitted_by', 'varchar(200)', (column) => column.notNull())
        .addColumn('submitted_by_department', 'varchar(200)', (column) => column.notNull())
        .addColumn('submitted_at', 'varchar(32)', (column) => column.notNull())
        .addColumn('report', 'text', (column) => column.notNull())
        .addColumn('report_ok', 'integer', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('activated_at', 'varchar(32)')
        .addColumn('state_changed_at', 'varchar(32)', (column) => column.notNull())
        .addPrimaryKeyConstraint('cityhub_connector_versions_pkey', ['connector_id', 'version'])
        .addCheckConstraint('cityhub_connector_versions_state_check', sql`state in ('checked', 'active', 'retired')`)
        .execute();
      // One active version per connector, whatever the replicas do at once.
      await db.schema
        .createIndex('cityhub_connector_versions_one_active')
        .on(CONNECTOR_VERSIONS_TABLE)
        .column('connector_id')
        .unique()
        .where(sql.ref('state'), '=', 'active')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable(CONNECTOR_VERSIONS_TABLE).execute();
    },
  },
});

/**
 * Brings a database's registry table to the latest migration; safe on every start and from
 * several replicas at once (the migrator takes a lock). Throws the migration's error.
 *
 * ```ts
 * await migrateConnectorRegistry(db);
 * ```
 */
export async function migrateConnectorRegistry(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...REGISTRY_MIGRATIONS }) }, ...REGISTRY_MIGRATION_TABLES });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/** Options of {@link createConnectorRegistryStore}. */
export interface ConnectorRegistryStoreOptions {
  /** The hub's database (SQLite or PostgreSQL). */
  readonly db: Kysely<any>;
  /** The clock of every timestamp. @default () => new Date() */
  readonly now?: () => Date;
  /** Run the migrations before the first operation. @default true */
  readonly migrate?: boolean;
}

// Private: the stored row.
interface VersionTable {
  connector_id: string;
  version: number;
  department: string;
  manifest: string;
  submitted_by: string;
  submitted_by_department: string;
  submitted_at: string;
  report: string;
  /** 1 when the report holds no error (SQLite has no boolean). */
  report_ok: number;
  state: ConnectorVersionState;
  activated_at: string | null;
  state_changed_at: string;
}
type Row = Selectable<VersionTable>;
interface RegistryDatabase {
  [CONNECTOR_VERSIONS_TABLE]: VersionTable;
}

/**
 * Creates the connector registry store on the hub's database.
 *
 * ```ts
 * const registry = createConnectorRegistryStore({ db: stores.database.db });
 * const v1 = await registry.register({ connectorId: 'grids', department, manifest, submittedBy, report });
 * await registry.activate('grids', v1.version);
 * ```
 */
export function createConnectorRegistryStore(options: ConnectorRegistryStoreOptions): ConnectorRegistryStore {
  if (typeof options?.db?.selectFrom !== 'function') throw new TypeError(`db must be a Kysely instance, received ${String(options?.db)}`);
  const db = options.db as unknown as Kysely<RegistryDatabase>;
  const now = options.now ?? (() => new Date());
  let migrated: Promise<void> | undefined = options.migrate === false ? Promise.resolve() : undefined;
  const ready = () => (migrated ??= migrateConnectorRegistry(options.db).catch((error: unknown) => {
    migrated = undefined;
    throw error;
  }));
  const table = CONNECTOR_VERSIONS_TABLE;

  const get = async (connectorId: string, version: number, on: Kysely<RegistryDatabase> = db) => {
    const row = await on.selectFrom(table).selectAll().where('connector_id', '=', connectorId).where('version', '=', version).executeTakeFirst();
    return row ? fromRow(row) : null;
  };

  return {
    async register(input) {
      await ready();
      assertText(input.connectorId, 'connectorId');
      assertText(input.department, 'department');
      assertText(input.submittedBy?.subject, 'submittedBy.subject');
      if (typeof input.submittedBy.department !== 'string') throw new TypeError(`submittedBy.department must be a string, received ${JSON.stringify(input.submittedBy.department)}`);
      if (typeof input.report?.ok !== 'boolean') throw new TypeError(`report must be a CheckReport, received ${JSON.stringify(input.report)}`);
      const at = now().toISOString();
      // Two registrations of one connector at once may pick the same number: the primary key
      // refuses the second, which then takes the next number.
      for (let attempt = 0; ; attempt++) {
        const last = await db.selectFrom(table).select((eb) => eb.fn.max('version').as('last')).where('connector_id', '=', input.connectorId).executeTakeFirst();
        const version = Number(last?.last ?? 0) + 1;
        try {
          await db
            .insertInto(table)
            .values({
              connector_id: input.connectorId,
              version,
              department: input.department,
              manifest: JSON.stringify(input.manifest),
              submitted_by: input.submittedBy.subject,
              submitted_by_department: input.submittedBy.department,
              submitted_at: at,
              report: JSON.stringify(input.report),
              report_ok: input.report.ok ? 1 : 0,
              state: 'checked',
              activated_at: null,
              state_changed_at: at,
            })
            .execute();
          return (await get(input.connectorId, version))!;
        } catch (error) {
          if (attempt >= 4 || !(await get(input.connectorId, version))) throw error;
        }
      }
    },
    async activate(connectorId, version) {
      await ready();
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        const target = await get(connectorId, version, trx);
        if (!target) throw new RegistryStoreError(`connector "${connectorId}" has no version ${version}`, 'NOT_FOUND');
        if (target.state === 'active') return { activated: target, replaced: null };
        if (target.state === 'retired') throw new RegistryStoreError(`connector "${connectorId}" version ${version} is retired; register the manifest again to serve it`, 'NOT_ACTIVATABLE');
        if (!target.report.ok) {
          const errors = target.report.findings.filter((finding) => finding.severity === 'error');
          throw new RegistryStoreError(
            `connector "${connectorId}" version ${version} cannot be activated: its check report holds ${errors.length} error(s): ${errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')}`,
            'NOT_ACTIVATABLE',
          );
        }
        const current = await trx.selectFrom(table).selectAll().where('connector_id', '=', connectorId).where('state', '=', 'active').executeTakeFirst();
        if (current) {
          await trx.updateTable(table).set({ state: 'checked', state_changed_at: at }).where('connector_id', '=', connectorId).where('version', '=', current.version).execute();
        }
        await trx.updateTable(table).set({ state: 'active', activated_at: at, state_changed_at: at }).where('connector_id', '=', connectorId).where('version', '=', version).execute();
        return { activated: (await get(connectorId, version, trx))!, replaced: current ? (await get(connectorId, current.version, trx))! : null };
      });
    },
    async retire(connectorId) {
      await ready();
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom(table).selectAll().where('connector_id', '=', connectorId).where('state', '=', 'active').executeTakeFirst();
        if (!current) throw new RegistryStoreError(`connector "${connectorId}" has no active version to retire`, 'NOT_FOUND');
        await trx.updateTable(table).set({ state: 'retired', state_changed_at: at }).where('connector_id', '=', connectorId).where('version', '=', current.version).execute();
        return (await get(connectorId, current.version, trx))!;
      });
    },
    async get(connectorId, version) {
      await ready();
      return get(connectorId, version);
    },
    async versions(connectorId) {
      await ready();
      const rows = await db.selectFrom(table).selectAll().where('connector_id', '=', connectorId).orderBy('version').execute();
      return rows.map(fromRow);
    },
    async latest() {
      await ready();
      // Registries hold hundreds of versions, not millions: the last one per id is kept in order.
      const rows = await db.selectFrom(table).selectAll().orderBy('connector_id').orderBy('version').execute();
      const last = new Map<string, Row>();
      for (const row of rows) last.set(row.connector_id, row);
      return [...last.values()].map(fromRow);
    },
    async active() {
      await ready();
      const rows = await db.selectFrom(table).selectAll().where('state', '=', 'active').orderBy('connector_id').execute();
      return rows.map(fromRow);
    },
    migrate: () => ready(),
  };
}

// Private: a stored row as the store returns it.
function fromRow(row: Row): ConnectorVersion {
  return {
    connectorId: row.connector_id,
    version: Number(row.version),
    department: row.department,
    manifest: JSON.parse(row.manifest) as unknown,
    submittedBy: { subject: row.submitted_by, department: row.submitted_by_department },
    submittedAt: row.submitted_at,
    report: JSON.parse(row.report) as CheckReport,
    state: row.state,
    activatedAt: row.activated_at,
    stateChangedAt: row.state_changed_at,
  };
}

function assertText(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${name} must be a non-empty string, received ${JSON.stringify(value)}`);
}
