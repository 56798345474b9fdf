import { isAbsolute, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { SqliteWorkerDialect } from './sqlite-worker-pool.ts';

/** The SQL engines CityHub reaches through kysely. */
export type SqlDialectName = 'sqlite' | 'postgres';

/** Options of {@link openSqlDatabase}. */
export interface OpenSqlDatabaseOptions {
  /** Directory that relative `sqlite:` paths resolve against. @default process.cwd() */
  readonly baseDir?: string;
  /** Largest number of pooled PostgreSQL connections. @default 10 */
  readonly maxConnections?: number;
  /** Open a SQLite file read-only (legacy systems the hub only reads). @default false */
  readonly readonly?: boolean;
  /**
   * Run the queries of a read-only SQLite file on the shared worker threads
   * ({@link SqliteWorkerDialect}) instead of the event loop: for legacy systems, whose
   * queries can be slow. Requires `readonly`. @default false
   */
  readonly offThread?: boolean;
  /**
   * Called when an idle pooled PostgreSQL connection is ended by the server (restart,
   * administrator command). The pool discards it and the next query opens a new one.
   * @default a one-line warning on stderr
   */
  readonly onIdleConnectionError?: (error: Error) => void;
}

/** An open database and what it is. */
export interface SqlDatabase<DB = any> {
  readonly db: Kysely<DB>;
  readonly dialect: SqlDialectName;
  /** The URL with any password removed, safe for logs and errors. */
  readonly displayUrl: string;
}

/**
 * Opens a database by URL through kysely: `sqlite:relative/or/absolute.db`,
 * `sqlite::memory:`, or `postgres://user@host:port/database`.
 *
 * Throws a `TypeError` naming the URL when its scheme is not one CityHub speaks.
 *
 * ```ts
 * const { db } = openSqlDatabase('sqlite:data/hub.db', { baseDir: process.cwd() });
 * ```
 */
export function openSqlDatabase<DB = any>(url: string, options: OpenSqlDatabaseOptions = {}): SqlDatabase<DB> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new TypeError(`SQLite URL must name a file, received ${JSON.stringify(url)}`);
    const file = path === ':memory:' ? path : isAbsolute(path) ? path : resolve(options.baseDir ?? process.cwd(), path);
    if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
    if (options.offThread) {
      if (!options.readonly || file === ':memory:') throw new TypeError(`offThread runs the queries of a read-only SQLite file, received ${JSON.stringify(url)}${options.readonly ? '' : ' without readonly'}`);
      return { db: new Kysely<DB>({ dialect: new SqliteWorkerDialect(file) }), dialect: 'sqlite', displayUrl: `sqlite:${file}` };
    }
    const database = new SQLite(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    // WAL lets the hub's readers and its audit writer share a file; a read-only handle cannot switch modes.
    if (!options.readonly && file !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    return {
      db: new Kysely<DB>({ dialect: new SqliteDialect({ database }) }),
      dialect: 'sqlite',
      displayUrl: `sqlite:${file}`,
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
    // Without a listener, an idle connection ended by the server would crash the process.
    const displayUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    pool.on(
      'error',
      options.onIdleConnectionError ??
        ((error) => console.warn(`cityhub: an idle PostgreSQL connection to ${displayUrl} was closed: ${error.message}`)),
    );
    return {
      db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      displayUrl,
    };
  }
  throw new TypeError(
    `database URL must start with "sqlite:" or "postgres://", received ${JSON.stringify(url.replace(/:[^:@/]*@/, ':***@'))}`,
  );
}
