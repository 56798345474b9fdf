import { join } from 'node:path';

/** Where the hub keeps its own stores (audit log, agreements), as `openHubDatabase` (store-database.ts) reads it. */
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
