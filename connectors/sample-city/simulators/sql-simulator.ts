import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';

/** One legacy table: its columns (name → SQL type) and its rows (keyed by column). */
export interface LegacyTable {
  readonly name: string;
  readonly columns: Readonly<Record<string, 'TEXT' | 'INTEGER' | 'REAL'>>;
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Columns to index, as the legacy system would have. */
  readonly indexes?: readonly string[];
}

/**
 * Writes a simulated legacy database as a SQLite file, atomically: the file is built under a
 * temporary name and renamed into place, so a reader never opens half a database. A file
 * already written for the same `stamp` (seed and scale) is kept as it is.
 */
export function writeSqliteSystem(file: string, stamp: string, tables: () => readonly LegacyTable[]): void {
  if (existsSync(file) && readStamp(file) === stamp) return;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  const db = new SQLite(temporary);
  try {
    // The file is private until it is renamed into place, so it is built without a journal
    // or fsyncs (a crash leaves only a temporary file, rebuilt on the next start); each
    // table's rows go in one transaction and its indexes are built after its rows, one sort
    // each instead of a B-tree insert per row and index (at the city scale, a million rows
    // under five indexes).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.exec('CREATE TABLE SIM_META (STAMP TEXT NOT NULL)');
    db.prepare('INSERT INTO SIM_META (STAMP) VALUES (?)').run(stamp);
    for (const table of tables()) {
      const columns = Object.keys(table.columns);
      db.exec(`CREATE TABLE ${table.name} (${Object.entries(table.columns).map(([name, type]) => `${name} ${type}`).join(', ')})`);
      const insert = db.prepare(`INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const values: unknown[] = new Array(columns.length);
      const insertAll = db.transaction((rows: LegacyTable['rows']) => {
        for (const row of rows) {
          for (let index = 0; index < columns.length; index += 1) values[index] = toSqlite(row[columns[index]!]);
          insert.run(values);
        }
      });
      insertAll(table.rows);
      for (const column of table.indexes ?? []) db.exec(`CREATE INDEX IX_${table.name}_${column} ON ${table.name} (${column})`);
    }
  } finally {
    db.close();
  }
  renameSync(temporary, file);
}

function toSqlite(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

function readStamp(file: string): string | undefined {
  try {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT STAMP FROM SIM_META').get() as { STAMP?: string } | undefined)?.STAMP;
    } finally {
      db.close();
    }
  } catch {
    return undefined; // Not a simulator file (or a broken one): it is rewritten.
  }
}
