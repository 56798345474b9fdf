/**
 * Which real servers the test run may use.
 *
 * The PostgreSQL and Redis suites run when their URL is set (`.ci/run` sets both). Without
 * it they are skipped with a message; in CI (`CI=true`) a missing URL fails the run instead,
 * so a suite can never silently skip where it must run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openSqlDatabase, type SqlDatabase, type SqlDialectName } from '../../connectors/kinds/sql/database.ts';

const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** The real-server URL from `variable`, or `undefined` (with a message) when the suite must skip. */
export function serverUrl(variable: 'CITYHUB_TEST_POSTGRES_URL' | 'CITYHUB_TEST_REDIS_URL' | 'CITYHUB_TEST_MQTT_URL'): string | undefined {
  const url = process.env[variable];
  if (url) return url;
  if (inCi) throw new Error(`${variable} is not set: in CI (CI=true) the real-server suites must run, not skip`);
  console.warn(`[cityhub tests] ${variable} is not set: skipping the suites that need that server`);
  return undefined;
}

/** A database a test may use, and how to throw it away. */
export interface TestDatabase extends SqlDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** One entry per SQL backend the suites loop over: SQLite always, PostgreSQL when configured. */
export interface TestDialect {
  readonly name: SqlDialectName;
  /** A fresh, empty database of this dialect. */
  create(): Promise<TestDatabase>;
}

const sqliteDialect: TestDialect = {
  name: 'sqlite',
  async create() {
    const url = 'sqlite::memory:';
    const database = openSqlDatabase(url);
    return { ...database, url, drop: () => database.db.destroy() };
  },
};

function postgresDialect(adminUrl: string): TestDialect {
  return {
    name: 'postgres',
    async create() {
      // Each test database is its own PostgreSQL database, so test files may run in parallel.
      const name = `cityhub_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const target = new URL(adminUrl);
      target.pathname = `/${name}`;
      const url = target.toString();
      const database = openSqlDatabase(url, { maxConnections: 8 });
      return {
        ...database,
        url,
        async drop() {
          await database.db.destroy();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          try {
            await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await cleanup.end();
          }
        },
      };
    },
  };
}

const postgresUrl = serverUrl('CITYHUB_TEST_POSTGRES_URL');

/** Every SQL backend to loop a suite over (`for (const dialect of DIALECTS)`). */
export const DIALECTS: readonly TestDialect[] = postgresUrl
  ? [sqliteDialect, postgresDialect(postgresUrl)]
  : [sqliteDialect];
