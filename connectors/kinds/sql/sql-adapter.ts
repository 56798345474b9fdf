import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { ConnectorManifest } from '../../sdk/manifest.ts';
import type { FilterValue, LegacyRow, SourceAdapter, SourceQuery, SourceRuntime } from '../../sdk/source-kind.ts';
import { endpointFrom } from '../../sdk/endpoint.ts';
import { responseTooLarge } from '../../sdk/read-capped.ts';
import { openSqlDatabase, type SqlDatabase } from './database.ts';
import type { SqlSource } from './sql-source.ts';

/** Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The smallest string greater than every string that starts with `prefix` (`'310106'` →
 * `'310107'`), or undefined when there is none (a prefix of only U+FFFF characters).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  for (let end = prefix.length - 1; end >= 0; end -= 1) {
    const code = prefix.charCodeAt(end);
    if (code < 0xffff) return prefix.slice(0, end) + String.fromCharCode(code + 1);
  }
  return undefined;
}

/**
 * The WHERE condition "the column starts with one of these prefixes", as ranges of the
 * column's index (`code >= '310106' and code < '310107'`): SQLite answers `LIKE … ESCAPE`
 * alone with a full scan, whose cost grows with the city rather than with the district. The
 * LIKE stays as a residual filter, so the rows are exactly those that start with a prefix
 * whatever the column's collation.
 */
export function withinPrefixes(col: string, prefixes: readonly string[]) {
  return (eb: ExpressionBuilder<any, any>) =>
    eb.or(
      prefixes.map((prefix) => {
        const like = sql<boolean>`${eb.ref(col)} like ${likePrefix(prefix)} escape '\\'`;
        const upper = prefixUpperBound(prefix);
        return eb.and(upper === undefined ? [eb(col, '>=', prefix), like] : [eb(col, '>=', prefix), eb(col, '<', upper), like]);
      }),
    );
}

/**
 * Creates the adapter of a `sql` connector: every query becomes one SELECT with the batch
 * (`IN`), the equality filters and the jurisdiction prefix pushed into its WHERE clause.
 * The database is opened on first use, so a system that is down does not stop the hub.
 */
export function createSqlAdapter(manifest: ConnectorManifest & { source: SqlSource }, runtime: SourceRuntime): SourceAdapter {
  const url = endpointFrom(manifest, runtime);
  let database: SqlDatabase | undefined;
  // A SQLite file is read off the event loop: a slow legacy query never stalls the hub.
  const sqlite = url.startsWith('sqlite:') && url !== 'sqlite::memory:';
  const open = (): SqlDatabase => (database ??= openSqlDatabase(url, { baseDir: runtime.dataDir, readonly: url.startsWith('sqlite:'), offThread: sqlite }));

  const column = (type: string, field: string): string => {
    const from = manifest.catalogue[type]!.fields[field]!.from;
    if (typeof from !== 'string') throw new TypeError(`${type}.${field} is a GeoPoint and cannot be filtered on`);
    return from;
  };
  const value = (v: FilterValue, dialect: SqlDatabase['dialect']): FilterValue =>
    typeof v === 'boolean' && dialect === 'sqlite' ? (v ? 1 : 0) : v;

  return {
    async find(query: SourceQuery): Promise<readonly LegacyRow[]> {
      const { db, dialect } = open();
      const def = manifest.catalogue[query.type]!;
      const table = manifest.source.tables[query.type]!;
      let select = (db as Kysely<any>).selectFrom(table).selectAll();
      if (query.in) {
        if (query.in.values.length === 0) return [];
        select = select.where(column(query.type, query.in.field), 'in', query.in.values.map((v) => value(v, dialect)));
      }
      for (const [field, v] of Object.entries(query.equals ?? {})) {
        if (typeof v === 'boolean' && dialect === 'postgres') {
          // Legacy PostgreSQL schemas spell booleans as boolean, 0/1 integers or '1'/'0' text; compare the text form.
          const spellings = v ? ['1', 'true', 't'] : ['0', 'false', 'f'];
          select = select.where((eb) => eb(sql`cast(${eb.ref(column(query.type, field))} as text)`, 'in', spellings));
        } else {
          select = select.where(column(query.type, field), '=', value(v, dialect));
        }
      }
      if (query.within) {
        select = select.where(withinPrefixes(column(query.type, query.within.field), query.within.scopes));
      }
      // A stable order keeps pages deterministic.
      select = select.orderBy(column(query.type, def.key));
      // One row more than the cap is asked for, so an answer over it is told from one at it.
      const cap = manifest.maxResponseRows;
      const limit = query.limit !== undefined && query.limit <= cap ? query.limit : cap + 1;
      select = select.limit(limit);
      if (query.offset) select = select.offset(query.offset);
      const rows = (await select.execute()) as LegacyRow[];
      if (rows.length > cap) throw responseTooLarge(manifest.id, `the answer of ${table}`, cap, 'maxResponseRows');
      return rows;
    },
    async probe() {
      await sql`select 1`.execute(open().db);
    },
    async close() {
      await database?.db.destroy();
      database = undefined;
    },
  };
}
