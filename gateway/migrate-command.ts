import { resolveHubConfig } from './config.ts';
import { grantHubRole, migrateHubStores } from './hub-store-migrations.ts';
import { openHubDatabase } from './store-database.ts';

/** The options of `cityhub migrate`. */
export interface MigrateCommandOptions {
  /** Directory of the embedded store (`<dir>/cityhub.sqlite`). @default CITYHUB_DATA_DIR or ./data */
  readonly dataDir?: string;
  /** The store to migrate, connected as the tables' owner. @default CITYHUB_DATABASE_URL */
  readonly databaseUrl?: string;
  /** A PostgreSQL role to grant the hub's least privileges to (`grantHubRole`). @default none */
  readonly grantHubRole?: string;
}

/**
 * `cityhub migrate`: runs the migrations of the hub's stores (agreements, audit log) as
 * their own step, connected as the role that owns the tables, and optionally grants the
 * hub's role its least privileges; the hub then starts with `CITYHUB_MIGRATE_ON_START=false`.
 * Prints one line saying what it did; throws (and the CLI exits 1) on failure.
 *
 * ```sh
 * CITYHUB_DATABASE_URL=postgres://owner@db/cityhub npx cityhub migrate --grant-hub-role cityhub_hub
 * ```
 */
export async function runMigrateCommand(options: MigrateCommandOptions): Promise<void> {
  const config = resolveHubConfig({ ...process.env, ...(options.dataDir !== undefined ? { CITYHUB_DATA_DIR: options.dataDir } : {}) });
  const database = openHubDatabase({ dataDir: config.dataDir, databaseUrl: options.databaseUrl ?? process.env.CITYHUB_DATABASE_URL });
  try {
    await migrateHubStores(database);
    if (options.grantHubRole !== undefined) {
      if (database.dialect !== 'postgres') throw new Error(`--grant-hub-role needs a PostgreSQL store, ${database.displayUrl} is ${database.dialect}`);
      await grantHubRole({ db: database.db, role: options.grantHubRole });
    }
    const granted = options.grantHubRole !== undefined ? `; role ${options.grantHubRole} holds the hub's grants` : '';
    console.log(`ok: the hub's stores at ${database.displayUrl} are migrated${granted}`);
  } finally {
    await database.db.destroy();
  }
}
