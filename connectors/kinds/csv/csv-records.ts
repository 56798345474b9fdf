import { parse as parseAsync, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** One record of a CSV file and the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A line of a file that could not be read as a record, and why. */
export interface CsvRejection {
  readonly line: number;
  readonly reason: string;
}

/** Records read from one stretch of a file, and the lines of that stretch that were rejected. */
export interface CsvBatch {
  readonly records: readonly CsvRecord[];
  readonly rejected: readonly CsvRejection[];
}

/** Options of {@link readCsvRecords}. */
export interface ReadCsvRecordsOptions {
  readonly delimiter: string;
  /** Records handed to csv-parse at a time; the event loop is free between two batches. @default 500 */
  readonly batchRecords?: number;
}

/** A quoted field may span at most this many lines before its opening line is rejected. */
const MAX_RECORD_LINES = 100;

/** The default of {@link ReadCsvRecordsOptions.batchRecords}. */
export const DEFAULT_CSV_BATCH_RECORDS = 500;

function quotes(line: string): number {
  let count = 0;
  for (let index = line.indexOf('"'); index !== -1; index = line.indexOf('"', index + 1)) count += 1;
  return count;
}

// Private: the lines of a record, as grouped by quote parity.
interface LineGroup {
  readonly line: number;
  readonly lines: readonly string[];
}

/**
 * Reads CSV records from decoded text as it streams in (`chunks`, e.g. a file piped through
 * iconv-lite's decoder), yielding them in batches, with csv-parse's asynchronous parser doing
 * the parsing: a large file never holds the event loop for longer than one batch.
 *
 * Lines are grouped into records by quote parity (a record ends on a line where its quotes
 * balance, which is how RFC 4180 quoting works: `""` inside a quoted field counts twice), so
 * a record never straddles two batches. A batch csv-parse reads cleanly costs one parse; when
 * a batch holds a broken record it is read again record by record, so a broken record costs
 * only its own line: it is rejected with its line number and reading resumes at the next
 * line. A quote never closed within 100 lines rejects the line that opened it. Empty lines
 * are skipped; a leading byte-order mark is dropped.
 *
 * ```ts
 * for await (const { records, rejected } of readCsvRecords(decodedChunks, { delimiter: ',' })) { … }
 * ```
 */
export async function* readCsvRecords(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>, options: ReadCsvRecordsOptions): AsyncGenerator<CsvBatch> {
  const batchRecords = options.batchRecords ?? DEFAULT_CSV_BATCH_RECORDS;
  if (!Number.isInteger(batchRecords) || batchRecords < 1) throw new TypeError(`batchRecords must be a positive integer, received ${batchRecords}`);
  const parseOptions = { delimiter: options.delimiter, relax_column_count: true, skip_empty_lines: true } as const satisfies Options;

  let groups: LineGroup[] = [];
  let rejected: CsvRejection[] = [];
  // Lines of a record still open (odd quote count), from line `pendingStart`.
  let pending: string[] = [];
  let pendingQuotes = 0;
  let pendingStart = 1;
  let lineNumber = 0;
  let carry = '';
  let first = true;

  // Private: settles the pending lines as far as they go; `end` rejects a record left open.
  function settle(end: boolean): void {
    while (pending.length > 0) {
      if (pendingQuotes % 2 === 0) {
        groups.push({ line: pendingStart, lines: pending });
        pending = [];
        pendingQuotes = 0;
        return;
      }
      if (pending.length <= MAX_RECORD_LINES && !end) return;
      // A quote never closed: only its opening line is lost; the lines after it are read again.
      rejected.push({ line: pendingStart, reason: 'opens a quoted field that is never closed' });
      const rest = pending.slice(1);
      const next = pendingStart + 1;
      pending = [];
      pendingQuotes = 0;
      rest.forEach((line, index) => addLine(line, next + index));
    }
  }
  function addLine(line: string, number: number): void {
    if (pending.length === 0) {
      if (line === '') return;
      pendingStart = number;
    }
    pending.push(line);
    pendingQuotes += quotes(line);
    settle(false);
  }

  for await (const chunk of chunks) {
    let text = carry + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    const lines = text.split('\n');
    carry = lines.pop()!;
    for (const line of lines) addLine(line.endsWith('\r') ? line.slice(0, -1) : line, (lineNumber += 1));
    while (groups.length >= batchRecords) yield await readBatch(groups.splice(0, batchRecords), takeRejected());
  }
  if (carry !== '') addLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, (lineNumber += 1));
  settle(true);
  while (groups.length > 0 || rejected.length > 0) yield await readBatch(groups.splice(0, batchRecords), takeRejected());

  function takeRejected(): CsvRejection[] {
    const taken = rejected;
    rejected = [];
    return taken;
  }

  async function readBatch(batch: readonly LineGroup[], batchRejected: CsvRejection[]): Promise<CsvBatch> {
    if (batch.length === 0) return { records: [], rejected: batchRejected };
    const text = batch.map((group) => group.lines.join('\n')).join('\n');
    const parsed = await new Promise<string[][] | undefined>((resolve) => {
      parseAsync(text, parseOptions, (error, records) => resolve(error ? undefined : (records as string[][])));
    });
    if (parsed && parsed.length === batch.length) {
      return { records: parsed.map((fields, index) => ({ line: batch[index]!.line, fields })), rejected: batchRejected };
    }
    // A broken record in the batch: read it record by record to find which.
    const records: CsvRecord[] = [];
    for (const group of batch) {
      try {
        const one = parseSync(group.lines.join('\n'), parseOptions) as string[][];
        if (one.length !== 1) throw new Error(`reads as ${one.length} records`);
        records.push({ line: group.line, fields: one[0]! });
      } catch (error) {
        batchRejected.push({ line: group.line, reason: `is not valid CSV (${(error as Error).message.replace(/ at line \d+.*$/s, '')})` });
        // Only this record's first line is lost: its other lines may be records of their own.
        if (group.lines.length > 1) {
          const again = readCsvRecords(
            (async function* () {
              yield group.lines.slice(1).join('\n');
            })(),
            { delimiter: options.delimiter, batchRecords: Number.MAX_SAFE_INTEGER },
          );
          for await (const part of again) {
            for (const record of part.records) records.push({ line: record.line + group.line, fields: record.fields });
            for (const rejection of part.rejected) batchRejected.push({ line: rejection.line + group.line, reason: rejection.reason });
          }
        }
      }
    }
    return { records, rejected: batchRejected };
  }
}
