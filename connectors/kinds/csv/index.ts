import type { SourceKind } from '../../sdk/source-kind.ts';
import { createCsvAdapter } from './csv-adapter.ts';
import { csvSourceSchema, type CsvSource } from './csv-source.ts';

/**
 * The `csv` source kind: file drops refreshed on a schedule, UTF-8 or GBK, read into
 * indexed in-memory tables swapped atomically. See {@link csvSourceSchema} for the `source`
 * block and how bad files and rows are reported.
 */
export const csvKind: SourceKind<CsvSource> = {
  kind: 'csv',
  sourceSchema: csvSourceSchema,
  check(manifest) {
    const issues: Array<[string, string]> = [];
    // Every query reads the file's rows from memory and reloads them when the file changes: a
    // source cache could only serve rows older than the file's, so the setting is refused.
    if (manifest.cacheTtlSeconds > 0) {
      issues.push(['cacheTtlSeconds', `must be 0 or left out for a csv source, received ${manifest.cacheTtlSeconds}: the connector holds the file's rows in memory and reloads them when the file changes (refreshSeconds), and a cache would only serve older ones`]);
    }
    const types = Object.keys(manifest.catalogue);
    const names = new Map<string, string>();
    for (const type of types) {
      const file = manifest.source.files[type];
      if (!file) {
        issues.push([`source.files.${type}`, `names no file for the catalogued type ${type}`]);
        continue;
      }
      if (!file.file && types.length > 1) {
        issues.push([`source.files.${type}.file`, `must name the file in the drop directory: the connector reads ${types.length} files`]);
      }
      if (file.file) {
        const previous = names.get(file.file);
        if (previous) issues.push([`source.files.${type}.file`, `"${file.file}" is already the file of ${previous}`]);
        names.set(file.file, type);
      }
    }
    for (const type of Object.keys(manifest.source.files)) {
      if (!manifest.catalogue[type]) issues.push([`source.files.${type}`, `${type} is not a catalogued type`]);
    }
    return issues;
  },
  createAdapter: createCsvAdapter,
};

export { createCsvAdapter } from './csv-adapter.ts';
export type { CsvAdapter, CsvHealth, CsvLoadReport } from './csv-adapter.ts';
export { csvSourceSchema } from './csv-source.ts';
export type { CsvFile, CsvSource } from './csv-source.ts';
export type { CsvRejection } from './csv-records.ts';
