/**
 * Writes one CSV record per RFC 4180: fields separated by commas, the record ended by CRLF;
 * a field holding a comma, a double quote, CR or LF is enclosed in double quotes, with each
 * double quote inside doubled. `null` is written as an empty field.
 *
 * Values are written exactly, never altered (no spreadsheet-formula escaping), because an
 * export must re-hash to the same chain; open it in a spreadsheet as text.
 *
 * ```ts
 * toCsvRecord(['a', 'b,c', 'say "hi"', null]); // 'a,"b,c","say ""hi""",\r\n'
 * ```
 */
export function toCsvRecord(fields: readonly (string | number | null)[]): string {
  return `${fields.map(toCsvField).join(',')}\r\n`;
}

function toCsvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
