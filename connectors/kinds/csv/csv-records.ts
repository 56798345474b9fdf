import { parse } from 'csv-parse/sync';

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

/** A quoted field may span at most this many lines before its opening line is rejected. */
const MAX_RECORD_LINES = 100;

function quotes(line: string): number {
  let count = 0;
  for (let index = line.indexOf('"'); index !== -1; index = line.indexOf('"', index + 1)) count += 1;
  return count;
}

/**
 * Splits CSV text into records with the line each starts on, with csv-parse doing the
 * parsing. A well-formed file is parsed in one pass. When csv-parse fails anywhere, the
 * file is parsed record by record instead, so a broken record costs only its own line:
 * the record is rejected with its line number and reading resumes at the next line.
 *
 * Records are found by quote parity (a record ends on a line where its quotes balance),
 * which is how RFC 4180 quoting works: `""` inside a quoted field counts twice. Empty lines
 * are skipped.
 */
export function readCsvRecords(text: string, delimiter: string): { records: CsvRecord[]; rejected: CsvRejection[] } {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(/\r?\n/);
  const options = { delimiter, relax_column_count: true, skip_empty_lines: true } as const;

  // Fast path: group lines into records by quote parity, then parse the whole text at once.
  const starts: number[] = [];
  let balanced = true;
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index] === '') continue;
    starts.push(index + 1);
    let count = quotes(lines[index]!);
    const first = index;
    while (count % 2 === 1 && index + 1 < lines.length && index - first < MAX_RECORD_LINES) {
      index += 1;
      count += quotes(lines[index]!);
    }
    if (count % 2 === 1) {
      balanced = false;
      break;
    }
  }
  if (balanced) {
    try {
      const parsed = parse(body, options) as string[][];
      if (parsed.length === starts.length) {
        return { records: parsed.map((fields, index) => ({ line: starts[index]!, fields })), rejected: [] };
      }
    } catch {
      // Fall through to the record-by-record path, which finds the broken records.
    }
  }

  const records: CsvRecord[] = [];
  const rejected: CsvRejection[] = [];
  let index = 0;
  while (index < lines.length) {
    if (lines[index] === '') {
      index += 1;
      continue;
    }
    const first = index;
    let last = index;
    let count = quotes(lines[index]!);
    while (count % 2 === 1 && last + 1 < lines.length && last - first < MAX_RECORD_LINES) {
      last += 1;
      count += quotes(lines[last]!);
    }
    if (count % 2 === 1) {
      rejected.push({ line: first + 1, reason: 'opens a quoted field that is never closed' });
      index = first + 1;
      continue;
    }
    try {
      const parsed = parse(lines.slice(first, last + 1).join('\n'), options) as string[][];
      if (parsed.length !== 1) throw new Error(`reads as ${parsed.length} records`);
      records.push({ line: first + 1, fields: parsed[0]! });
      index = last + 1;
    } catch (error) {
      rejected.push({ line: first + 1, reason: `is not valid CSV (${(error as Error).message.replace(/ at line \d+.*$/s, '')})` });
      // Only this record's first line is lost: its other lines may be records of their own.
      index = first + 1;
    }
  }
  return { records, rejected };
}
