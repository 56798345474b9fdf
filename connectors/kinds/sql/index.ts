import type { SourceKind } from '../../sdk/source-kind.ts';
import { createSqlAdapter } from './sql-adapter.ts';
import { sqlSourceSchema, type SqlSource } from './sql-source.ts';

/** The `sql` source kind: a relational database through kysely (SQLite or PostgreSQL). */
export const sqlKind: SourceKind<SqlSource> = {
  kind: 'sql',
  sourceSchema: sqlSourceSchema,
  check(manifest) {
    const issues: Array<[string, string]> = [];
    for (const type of Object.keys(manifest.catalogue)) {
      if (!manifest.source.tables[type]) issues.push([`source.tables.${type}`, `names no table for the catalogued type ${type}`]);
    }
    for (const type of Object.keys(manifest.source.tables)) {
      if (!manifest.catalogue[type]) issues.push([`source.tables.${type}`, `${type} is not a catalogued type`]);
    }
    return issues;
  },
  createAdapter: createSqlAdapter,
};

export { openSqlDatabase } from './database.ts';
export type { OpenSqlDatabaseOptions, SqlDatabase, SqlDialectName } from './database.ts';
export { sqlSourceSchema } from './sql-source.ts';
export type { SqlSource } from './sql-source.ts';
