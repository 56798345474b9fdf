import { ConnectorError } from '../../../schema/index.ts';
import type { ConnectorManifest } from '../../sdk/manifest.ts';
import { mapRow } from '../../sdk/rows.ts';
import type { LegacyRow, SourceQuery } from '../../sdk/source-kind.ts';
import type { CsvBatch, CsvRecord, CsvRejection } from './csv-records.ts';

/** How many rejected rows a load report lists (the count is always exact). */
export const MAX_REPORTED_REJECTIONS = 100;

// Spellings of booleans in legacy exports; anything else is left for the SDK to reject.
const CSV_BOOLEAN: Readonly<Record<string, boolean>> = {
  true: true, false: false, '1': true, '0': false, y: true, n: false, yes: true, no: false, 是: true, 否: false,
};

/**
 * One file, read and indexed: immutable once built, so a query holding it always sees one
 * whole file whatever reloads happen meanwhile.
 */
export interface CsvTable {
  /** Legacy rows in file order. */
  readonly rows: readonly LegacyRow[];
  /** Typed values of each row, aligned with `rows`, for filtering by catalogue semantics. */
  readonly typed: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Indexed field → string form of its typed value → positions in `rows`. */
  readonly indexes: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  /** Rows skipped, with their line numbers (at most {@link MAX_REPORTED_REJECTIONS}). */
  readonly rejected: readonly CsvRejection[];
  readonly rejectedCount: number;
}

/** The fields a table of `type` indexes: its key, its filters, and the fields links join on. */
export function indexedFields(manifest: ConnectorManifest, type: string): string[] {
  const def = manifest.catalogue[type]!;
  const fields = new Set([def.key, ...def.filters]);
  for (const link of manifest.links) {
    if (link.kind === 'has' && link.target === type) fields.add(link.by);
    if (link.kind === 'ref' && link.target === type && link.targetKey) fields.add(link.targetKey);
  }
  return [...fields].filter((field) => typeof def.fields[field]?.from === 'string');
}

/** Lets the event loop run between two batches of a table being built. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Builds the table of one catalogued type from a file's record batches (see
 * `readCsvRecords`), one batch at a time with the event loop free in between, so a large
 * reload never stalls the server. The header must name every legacy column the catalogue
 * maps (else `UPSTREAM_BAD_RESPONSE`); each row is checked against the declared types with
 * the SDK's `mapRow`, and a row that fails, has the wrong column count or repeats a key is
 * rejected with its line number, not the whole file. Nothing is shared until the table is
 * complete: the caller swaps it in whole.
 *
 * ```ts
 * const table = await buildCsvTable(manifest, 'BusStop', '公交站点.csv', readCsvRecords(decoded, { delimiter: ',' }));
 * ```
 */
export async function buildCsvTable(manifest: ConnectorManifest, type: string, file: string, batches: AsyncIterable<CsvBatch>): Promise<CsvTable> {
  const def = manifest.catalogue[type]!;
  const rejected: CsvRejection[] = [];
  const iterator = batches[Symbol.asyncIterator]();
  let header: CsvRecord | undefined;
  let pendingRecords: readonly CsvRecord[] = [];
  while (!header) {
    const step = await iterator.next();
    if (step.done) break;
    rejected.push(...step.value.rejected);
    [header, ...pendingRecords] = step.value.records;
  }
  if (!header) throw new ConnectorError(manifest.id, `${file} is empty: it has no header line`, 'UPSTREAM_BAD_RESPONSE');
  const columns = header.fields.map((name) => name.trim());
  const needed = Object.values(def.fields).flatMap((field) => (typeof field.from === 'string' ? [field.from] : [field.from.lat, field.from.lng]));
  const missing = needed.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new ConnectorError(
      manifest.id,
      `the header of ${file} (line ${header.line}) lacks the column(s) ${missing.join(', ')}; it has ${columns.join(', ')}`,
      'UPSTREAM_BAD_RESPONSE',
      { extensions: { file, missingColumns: missing } },
    );
  }
  const booleans = Object.values(def.fields).flatMap((field) => (field.type === 'Boolean' && typeof field.from === 'string' ? [field.from] : []));
  const keyField = def.key;
  const indexed = indexedFields(manifest, type);
  const indexes = new Map(indexed.map((field) => [field, new Map<string, number[]>()]));
  const rows: LegacyRow[] = [];
  const typed: Array<Readonly<Record<string, unknown>>> = [];
  const firstLineOfKey = new Map<string, number>();

  const addRecord = (record: CsvRecord) => {
    if (record.fields.length !== columns.length) {
      rejected.push({ line: record.line, reason: `has ${record.fields.length} fields, the header has ${columns.length}` });
      return;
    }
    const row: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      row[column] = record.fields[index];
    });
    for (const column of booleans) {
      const value = row[column];
      if (typeof value === 'string' && Object.hasOwn(CSV_BOOLEAN, value.trim().toLowerCase())) row[column] = CSV_BOOLEAN[value.trim().toLowerCase()];
    }
    let mapped: Readonly<Record<string, unknown>>;
    try {
      mapped = mapRow(manifest, type, row);
    } catch (error) {
      rejected.push({ line: record.line, reason: (error as Error).message.replace(/^Connector "[^"]*": /, '') });
      return;
    }
    const key = String(mapped[keyField]);
    const seen = firstLineOfKey.get(key);
    if (seen !== undefined) {
      rejected.push({ line: record.line, reason: `repeats the ${keyField} "${key}" of line ${seen}` });
      return;
    }
    firstLineOfKey.set(key, record.line);
    const position = rows.length;
    rows.push(row);
    typed.push(mapped);
    for (const [field, index] of indexes) {
      const value = mapped[field];
      if (value === null || value === undefined) continue;
      const bucket = index.get(String(value));
      if (bucket) bucket.push(position);
      else index.set(String(value), [position]);
    }
  };
  for (const record of pendingRecords) addRecord(record);
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
    await yieldToEventLoop();
    rejected.push(...step.value.rejected);
    for (const record of step.value.records) addRecord(record);
  }
  rejected.sort((a, b) => a.line - b.line);
  return { rows, typed, indexes, rejected: rejected.slice(0, MAX_REPORTED_REJECTIONS), rejectedCount: rejected.length };
}

/**
 * Answers a query from a table: `in` and equality filters on indexed fields are lookups,
 * everything else a scan of the candidates. Synchronous, so it reads exactly one table.
 */
export function queryCsvTable(table: CsvTable, query: Omit<SourceQuery, 'signal'>): LegacyRow[] {
  const conditions: Array<[field: string, values: ReadonlySet<string>]> = [];
  if (query.in) conditions.push([query.in.field, new Set(query.in.values.map(String))]);
  for (const [field, value] of Object.entries(query.equals ?? {})) conditions.push([field, new Set([String(value)])]);

  // The most selective indexed condition picks the candidates.
  let candidates: number[] | undefined;
  let used = -1;
  conditions.forEach(([field, values], position) => {
    const index = table.indexes.get(field);
    if (!index) return;
    const found: number[] = [];
    for (const value of values) found.push(...(index.get(value) ?? []));
    if (candidates === undefined || found.length < candidates.length) {
      candidates = found;
      used = position;
    }
  });
  if (candidates !== undefined) candidates.sort((a, b) => a - b);
  const checks = conditions.filter((_, position) => position !== used);
  const within = query.within;
  const matches = (position: number) => {
    const typed = table.typed[position]!;
    for (const [field, values] of checks) if (!values.has(String(typed[field]))) return false;
    if (within) {
      const code = typed[within.field];
      if (typeof code !== 'string' || !within.scopes.some((scope) => code.startsWith(scope))) return false;
    }
    return true;
  };

  const skip = query.offset ?? 0;
  const end = query.limit === undefined ? Infinity : skip + query.limit;
  const result: LegacyRow[] = [];
  let matched = 0;
  const visit = (position: number) => {
    if (!matches(position)) return true;
    if (matched >= skip) result.push(table.rows[position]!);
    matched += 1;
    return matched < end;
  };
  if (candidates !== undefined) {
    for (const position of candidates) if (!visit(position)) break;
  } else {
    for (let position = 0; position < table.rows.length; position += 1) if (!visit(position)) break;
  }
  return result;
}
