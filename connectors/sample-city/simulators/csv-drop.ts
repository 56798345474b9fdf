import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';

/** One file of a simulated legacy CSV export. */
export interface LegacyCsvFile {
  /** The file name in the drop directory, such as `公交站点.csv`. */
  readonly name: string;
  /** @default 'utf-8' */
  readonly encoding?: 'utf-8' | 'gbk';
  /** @default ',' */
  readonly delimiter?: string;
  /** The header line's column names, in order. */
  readonly columns: readonly string[];
  /** Rows by column name; a missing or `null` value is an empty field. */
  readonly rows: ReadonlyArray<Readonly<Record<string, string | number | boolean | null | undefined>>>;
}

/** Quotes a field when it holds the delimiter, a quote or a line break (RFC 4180). */
function field(value: string | number | boolean | null | undefined, delimiter: string): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The text of a legacy CSV export, before encoding. */
export function formatCsv(file: Pick<LegacyCsvFile, 'columns' | 'rows' | 'delimiter'>): string {
  const delimiter = file.delimiter ?? ',';
  const lines = [file.columns.map((name) => field(name, delimiter)).join(delimiter)];
  for (const row of file.rows) lines.push(file.columns.map((name) => field(row[name], delimiter)).join(delimiter));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Writes a simulated department's CSV drop into `dir`, each file encoded as the legacy
 * system exports it (GBK or UTF-8) and renamed into place, the way a well-behaved export
 * job replaces its files: a reader sees the old file or the new one, never a torn one.
 * Returns the paths written, by file name.
 *
 * ```ts
 * writeCsvDrop(dir, [{ name: '公交站点.csv', encoding: 'gbk', columns: ['站点编号', '站点名称'], rows }]);
 * ```
 */
export function writeCsvDrop(dir: string, files: readonly LegacyCsvFile[]): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const written: Record<string, string> = {};
  for (const file of files) {
    const path = join(dir, file.name);
    const temporary = join(dir, `.${file.name}.${process.pid}.tmp`);
    writeFileSync(temporary, iconv.encode(formatCsv(file), file.encoding ?? 'utf-8'));
    renameSync(temporary, path);
    written[file.name] = path;
  }
  return written;
}
