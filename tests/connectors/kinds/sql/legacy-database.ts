import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { writeSqliteSystem, type LegacyTable } from '../../../../connectors/sample-city/simulators/sql-simulator.ts';
import type { TestDialect } from '../../../support/servers.ts';

/** A simulated legacy database of one dialect, loaded with tables, and its URL for a manifest's endpoint variable. */
export interface LegacyDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

const PG_TYPES = { TEXT: 'text', INTEGER: 'integer', REAL: 'double precision' } as const;

/**
 * Loads legacy tables into a fresh database of `dialect`: a SQLite file through the sample
 * city's own writer, or a fresh PostgreSQL database through kysely (same column names, the
 * legacy types mapped to text, integer and double precision).
 */
export async function createLegacyDatabase(dialect: TestDialect, tables: readonly LegacyTable[]): Promise<LegacyDatabase> {
  if (dialect.name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cityhub-legacy-'));
    const file = join(dir, 'legacy.sqlite');
    writeSqliteSystem(file, 'test', () => tables);
    return { url: `sqlite:${file}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await dialect.create();
  const db = database.db as Kysely<any>;
  for (const table of tables) {
    let create = db.schema.createTable(table.name);
    for (const [name, type] of Object.entries(table.columns)) create = create.addColumn(name, PG_TYPES[type]);
    await create.execute();
    for (let start = 0; start < table.rows.length; start += 500) {
      const rows = table.rows.slice(start, start + 500).map((row) =>
        Object.fromEntries(Object.keys(table.columns).map((name) => [name, typeof row[name] === 'boolean' ? (row[name] ? 1 : 0) : (row[name] ?? null)])),
      );
      if (rows.length) await db.insertInto(table.name).values(rows).execute();
    }
  }
  return { url: database.url, drop: () => database.drop() };
}
