import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { defineConnector, ManifestError, type ConnectorDefinition, type SqlDialectName } from '../../connectors/index.ts';
import type { Logger } from '../logger.ts';
import type { ConnectorRegistry, ConnectorRegistryUpdate } from '../registry.ts';
import type { RegistryChange } from './registry-service.ts';
import type { ConnectorRegistryStore } from './registry-store.ts';

/** The PostgreSQL channel registry changes are announced on. */
export const REGISTRY_CHANNEL = 'cityhub_registry';

/** Options of {@link startRegistrySync}. */
export interface RegistrySyncOptions {
  readonly store: ConnectorRegistryStore;
  /** The hub's live registry, updated to the store's active versions. */
  readonly registry: Pick<ConnectorRegistry, 'update'>;
  readonly logger: Logger;
  /** The hub store's engine: on PostgreSQL the sync LISTENs on {@link REGISTRY_CHANNEL}. */
  readonly dialect: SqlDialectName;
  /** The PostgreSQL URL the dedicated LISTEN connection opens (with its password); required on PostgreSQL. */
  readonly databaseUrl?: string;
  /**
   * How often the active versions in the store are compared with those served, in
   * milliseconds: the catch-all for a missed notification (PostgreSQL), and how changes made
   * by another process (`cityhub connectors activate`) reach the hub on SQLite, which has no
   * notifications. @default 30000 on PostgreSQL, 1000 on SQLite
   */
  readonly checkIntervalMs?: number;
  /** The active versions served at start (`id@version`), so the first check does not swap again. @default [] */
  readonly served?: readonly string[];
}

/** The hub kept in step with the registry store. */
export interface RegistrySync {
  /** Compares the store's active versions with those served, and swaps when they differ. Resolves with the swap, or `null` when nothing changed. */
  refresh(): Promise<ConnectorRegistryUpdate | null>;
  /** Closes the LISTEN connection and stops the periodic check. */
  close(): Promise<void>;
}

/**
 * The definitions of the store's active versions, each validated again by `defineConnector`,
 * with their `id@version` keys. A stored manifest that no longer validates is left out and
 * logged (the rest of the city is still served).
 */
export async function loadActiveDefinitions(store: ConnectorRegistryStore, logger: Logger): Promise<{ definitions: ConnectorDefinition[]; keys: string[] }> {
  const definitions: ConnectorDefinition[] = [];
  const keys: string[] = [];
  for (const version of await store.active()) {
    keys.push(`${version.connectorId}@${version.version}`);
    try {
      // The activation is the revision: a rollback to an earlier version is a new one, so the
      // source cache never serves rows read before it.
      definitions.push({ ...defineConnector(version.manifest), revision: `${version.version}@${version.activatedAt}` });
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      logger.error(`connector ${version.connectorId} version ${version.version} is active but no longer validates, so it is not served: ${error.message}`);
    }
  }
  return { definitions, keys };
}

/**
 * Keeps a hub's live registry in step with the registry store: on every announced change
 * (PostgreSQL LISTEN on a dedicated connection) and on a periodic check, it reads the active
 * versions and swaps the city schema when they differ from those served. Replicas on one
 * PostgreSQL thus serve a connector activated on any of them within a second; a missed
 * notification (a dropped connection) is caught by the next check.
 *
 * ```ts
 * const sync = await startRegistrySync({ store: stores.registry, registry: hub.registry, logger, dialect: 'postgres', databaseUrl });
 * ```
 */
export async function startRegistrySync(options: RegistrySyncOptions): Promise<RegistrySync> {
  const { store, registry, logger } = options;
  const listening = options.dialect === 'postgres';
  if (listening && !options.databaseUrl) throw new TypeError('databaseUrl is required to LISTEN for registry changes on PostgreSQL');
  const interval = options.checkIntervalMs ?? (listening ? 30_000 : 1_000);
  if (!Number.isInteger(interval) || interval <= 0) throw new TypeError(`checkIntervalMs must be a positive integer, received ${interval}`);

  let served = [...(options.served ?? [])].sort().join(',');
  let running: Promise<ConnectorRegistryUpdate | null> | undefined;
  let again = false;
  let closed = false;
  const check = async (): Promise<ConnectorRegistryUpdate | null> => {
    const { definitions, keys } = await loadActiveDefinitions(store, logger);
    const key = keys.sort().join(',');
    if (key === served) return null;
    const update = await registry.update(definitions);
    served = key;
    return update;
  };
  // One check at a time; a change announced during a check runs one more after it.
  const refresh = (): Promise<ConnectorRegistryUpdate | null> => {
    if (running) {
      again = true;
      return running.then(() => refresh());
    }
    running = check().finally(() => {
      running = undefined;
      if (again && !closed) {
        again = false;
        void refresh().catch((error: unknown) => logger.error(`registry sync failed: ${(error as Error).message}`));
      }
    });
    return running;
  };
  const refreshLogged = () => void refresh().catch((error: unknown) => logger.error(`registry sync failed: ${(error as Error).message}`));

  let client: pg.Client | undefined;
  let reconnect: NodeJS.Timeout | undefined;
  const listen = async () => {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    next.on('notification', () => refreshLogged());
    next.on('error', (error) => {
      logger.warn(`registry LISTEN connection lost (${error.message}); the periodic check covers the gap, reconnecting`);
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      if (!closed) {
        reconnect = setTimeout(() => void listen().catch((failure: unknown) => logger.warn(`registry LISTEN reconnect failed: ${(failure as Error).message}`)), 1_000);
        reconnect.unref();
      }
    });
    await next.connect();
    await next.query(`LISTEN ${REGISTRY_CHANNEL}`);
    client = next;
    // Changes made while no connection listened are caught up at once.
    refreshLogged();
  };
  if (listening) await listen();
  const timer = setInterval(refreshLogged, interval);
  timer.unref();

  return {
    refresh,
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(reconnect);
      await running?.catch(() => undefined);
      await client?.end();
      client = undefined;
    },
  };
}

/**
 * Announces a registry change to every replica on PostgreSQL (`pg_notify` on
 * {@link REGISTRY_CHANNEL}, delivered when the change's transaction has committed). On
 * SQLite it does nothing: one process serves, and other processes' changes are found by the
 * periodic check.
 */
export async function announceRegistryChange(database: { readonly db: Kysely<any>; readonly dialect: SqlDialectName }, change: RegistryChange): Promise<void> {
  if (database.dialect !== 'postgres') return;
  await sql`SELECT pg_notify(${REGISTRY_CHANNEL}, ${JSON.stringify(change)})`.execute(database.db);
}
