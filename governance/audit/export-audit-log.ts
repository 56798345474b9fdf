import { AUDIT_ENTRY_FIELDS, AUDIT_ENTRY_OPTIONAL_FIELDS, type AuditEntry } from './audit-entry.ts';
import { canonicalJson } from './canonical-json.ts';
import { toCsvRecord } from './csv-record.ts';

/** Options of the log's exports. */
export interface AuditExportOptions {
  /**
   * Export only entries with a greater seq; verify such a partial export with
   * `verifyAuditExport(lines, { after: { seq, hash } })`. @default 0 (the whole chain)
   */
  readonly afterSeq?: number;
  /** Export only entries that occurred at or after this time (a period's entries, for reading). @default no bound */
  readonly from?: Date;
  /** Export only entries that occurred before this time. @default no bound */
  readonly to?: Date;
}

/**
 * The CSV export's columns, in order. `sources` and the optional fields of entry format 2
 * (`jurisdictions`, `agreementActions`, `entriesReturned`) hold their canonical JSON, empty
 * when the entry lacks the field; every other column holds the entry field of the same name
 * (empty for `null`).
 */
export const AUDIT_CSV_COLUMNS = AUDIT_ENTRY_FIELDS;

const JSON_COLUMNS: ReadonlySet<string> = new Set(AUDIT_ENTRY_OPTIONAL_FIELDS);

/** One JSON Lines line per entry: its canonical JSON, hash included, ended by `\n`. @internal */
export async function* toJsonLines(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  for await (const entry of entries) yield `${canonicalJson(entry)}\n`;
}

/** A header record, then one CSV record per entry. @internal */
export async function* toCsv(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  yield toCsvRecord(AUDIT_CSV_COLUMNS);
  for await (const entry of entries) {
    yield toCsvRecord(
      AUDIT_CSV_COLUMNS.map((column) => {
        if (column === 'sources') return canonicalJson(entry.sources);
        if (JSON_COLUMNS.has(column)) return entry[column] === undefined ? null : canonicalJson(entry[column]);
        return entry[column] as string | number | null;
      }),
    );
  }
}
