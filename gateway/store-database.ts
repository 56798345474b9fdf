import { hubDatabaseUrl, type HubDatabaseConfig } from './hub-database-url.ts';
// The SQL kind's own entry, not the connectors' barrel: the hub's store needs no other source kind.
import { openSqlDatabase, type SqlDatabase } from '../connectors/kinds/sql/index.ts';
import {
  createAgreementStore,
  createAuditLog,
  migrateAgreements,
  migrateAuditLog,
  type AgreementStore,
  type AuditLog,
  type AuditLogOptions,
} from '../governance/index.ts';
import { checkHubStoresMigrated } from './hub-store-migrations.ts';
import { cacheAgreements, type CachedAgreementStore } from './governance/cache-agreements.ts';
import { createConnectorRegistryStore, migrateConnectorRegistry, type ConnectorRegistryStore } from './connectors-admin/registry-store.ts';

// The store's URL lives in its own module, which loads no database driver (the CLI's
// light commands read it); it is re-exported here for the hub's callers.
export { HUB_DATABASE_FILE, hubDatabaseUrl } from './hub-database-url.ts';
export type { HubDatabaseConfig } from './hub-database-url.ts';

/**
 * Opens the hub's own store through kysely: PostgreSQL when `databaseUrl`
 * (`CITYHUB_DATABASE_URL`) is set, otherwise the SQLite file `<dataDir>/cityhub.sqlite`
 * (created with its directory). The caller owns the connection and destroys it.
 *
 * ```ts
 * const { db, dialect } = openHubDatabase({ dataDir: config.dataDir, databaseUrl: process.env.CITYHUB_DATABASE_URL });
 * ```
 */
export function openHubDatabase(config: HubDatabaseConfig): SqlDatabase {
  return openSqlDatabase(hubDatabaseUrl(config));
}

/** Options of {@link openHubStores}. */
export interface HubStoresOptions extends HubDatabaseConfig {
  /** Create the audit log too (on the same database). @default true */
  readonly audit?: boolean;
  /** The clock of the agreement store. @default () => new Date() */
  readonly now?: () => Date;
  /** Options of the audit log beyond its database (batching, commit timeout). @default {} */
  readonly auditOptions?: Omit<AuditLogOptions, 'db' | 'dialect'>;
  /**
   * Run the stores' migrations. `false` when they ran as their own step (`cityhub migrate`,
   * as the tables' owner) and the hub connects as a role with only its least grants: the
   * migrations are then only checked, and a store that lacks one is refused. @default true
   */
  readonly migrate?: boolean;
  /**
   * How often the agreements cached in memory are checked against the store for a change no
   * notification brought, in milliseconds (see `cacheAgreements`). @default 30000 on PostgreSQL, 1000 on SQLite
   */
  readonly agreementCheckIntervalMs?: number;
}

/** The hub's own stores on one database (one connection pool), migrated. */
export interface HubStores {
  /** The database both stores use; {@link HubStores.close} destroys it. */
  readonly database: SqlDatabase;
  /** The agreements, those in force cached in memory until a change (see `cacheAgreements`). */
  readonly agreements: AgreementStore;
  /** Every version of every connector's manifest, with its check report and state. */
  readonly registry: ConnectorRegistryStore;
  /** The audit log, unless `audit: false`. */
  readonly audit?: AuditLog;
  /** Flushes and closes the audit log, then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the hub's store once ({@link openHubDatabase}: `<dataDir>/cityhub.sqlite`, or
 * PostgreSQL with `databaseUrl`) and runs the migrations of every store on it (agreements,
 * the connector registry, then the audit log), so that both share one file or one connection pool. The database is
 * destroyed again when a migration fails.
 *
 * ```ts
 * const stores = await openHubStores({ dataDir, databaseUrl: process.env.CITYHUB_DATABASE_URL });
 * const hub = await createCityHub({ definitions, governance: { identity, agreements: stores.agreements }, audit: stores.audit });
 * // … on shutdown: await hub.close(); await stores.close();
 * ```
 */
export async function openHubStores(options: HubStoresOptions): Promise<HubStores> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`openHubStores needs an options object, received ${String(options)}`);
  if (options.audit !== undefined && typeof options.audit !== 'boolean') throw new TypeError(`audit must be a boolean, received ${JSON.stringify(options.audit)}`);
  if (options.migrate !== undefined && typeof options.migrate !== 'boolean') throw new TypeError(`migrate must be a boolean, received ${JSON.stringify(options.migrate)}`);
  const database = openHubDatabase(options);
  let audit: AuditLog | undefined;
  try {
    if (options.migrate === false) await checkHubStoresMigrated(database);
    else {
      await migrateAgreements(database.db);
      await migrateConnectorRegistry(database.db);
    }
    if (options.audit ?? true) {
      if (options.migrate !== false) await migrateAuditLog({ db: database.db, dialect: database.dialect });
      audit = createAuditLog({ ...options.auditOptions, db: database.db, dialect: database.dialect });
    }
  } catch (error) {
    await database.db.destroy();
    throw error;
  }
  let agreements: CachedAgreementStore;
  try {
    agreements = await cacheAgreements({
      store: createAgreementStore({ db: database.db, migrate: false, ...(options.now ? { now: options.now } : {}) }),
      dialect: database.dialect,
      databaseUrl: hubDatabaseUrl(options),
      ...(options.now ? { now: options.now } : {}),
      ...(options.agreementCheckIntervalMs !== undefined ? { checkIntervalMs: options.agreementCheckIntervalMs } : {}),
    });
  } catch (error) {
    await audit?.close();
    await database.db.destroy();
    throw error;
  }
  const registry = createConnectorRegistryStore({ db: database.db, migrate: false, ...(options.now ? { now: options.now } : {}) });
  let closing: Promise<void> | undefined;
  return {
    database,
    agreements,
    registry,
    ...(audit ? { audit } : {}),
    close() {
      closing ??= (async () => {
        try {
          await agreements.close();
          await audit?.close();
        } finally {
          await database.db.destroy();
        }
      })();
      return closing;
    },
  };
}
