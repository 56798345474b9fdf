import { join } from 'node:path';
import { openSqlDatabase, type SqlDatabase } from '../connectors/index.ts';
import {
  createAgreementStore,
  createAuditLog,
  migrateAgreements,
  migrateAuditLog,
  type AgreementStore,
  type AuditLog,
  type AuditLogOptions,
} from '../governance/index.ts';
import { createConnectorRegistryStore, migrateConnectorRegistry, type ConnectorRegistryStore } from './connectors-admin/registry-store.ts';

/** Where the hub keeps its own stores (audit log, agreements), as {@link openHubDatabase} reads it. */
export interface HubDatabaseConfig {
  /** The hub's data directory; the SQLite file `cityhub.sqlite` lives here by default. */
  readonly dataDir: string;
  /** `CITYHUB_DATABASE_URL`: a `postgres://…` (or `sqlite:…`) URL. @default `sqlite:<dataDir>/cityhub.sqlite` */
  readonly databaseUrl?: string;
}

/** The file name of the hub's embedded store inside the data directory. */
export const HUB_DATABASE_FILE = 'cityhub.sqlite';

/**
 * The URL of the hub's own store: `databaseUrl` when set, else `sqlite:<dataDir>/cityhub.sqlite`.
 * Throws a `TypeError` naming `dataDir` when it is empty.
 */
export function hubDatabaseUrl(config: HubDatabaseConfig): string {
  const url = config.databaseUrl?.trim();
  if (url) return url;
  if (typeof config.dataDir !== 'string' || config.dataDir === '') {
    throw new TypeError(`dataDir must be a non-empty path, received ${JSON.stringify(config.dataDir)}`);
  }
  return `sqlite:${join(config.dataDir, HUB_DATABASE_FILE)}`;
}

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
}

/** The hub's own stores on one database (one connection pool), migrated. */
export interface HubStores {
  /** The database both stores use; {@link HubStores.close} destroys it. */
  readonly database: SqlDatabase;
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
  const database = openHubDatabase(options);
  let audit: AuditLog | undefined;
  try {
    await migrateAgreements(database.db);
    await migrateConnectorRegistry(database.db);
    if (options.audit ?? true) {
      await migrateAuditLog({ db: database.db, dialect: database.dialect });
      audit = createAuditLog({ ...options.auditOptions, db: database.db, dialect: database.dialect });
    }
  } catch (error) {
    await database.db.destroy();
    throw error;
  }
  const agreements = createAgreementStore({ db: database.db, migrate: false, ...(options.now ? { now: options.now } : {}) });
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
          await audit?.close();
        } finally {
          await database.db.destroy();
        }
      })();
      return closing;
    },
  };
}
