import { z } from 'zod';

const encoding = z.enum(['utf-8', 'gbk']);
const delimiter = z.string().length(1, 'must be one character, such as "," or "\\t"');

const file = z.strictObject({
  /**
   * The file's name inside the drop directory, such as `公交站点.csv`. Required when the
   * endpoint names a directory; ignored when it names the file itself (one type only).
   */
  file: z
    .string()
    .min(1)
    .refine((name) => !/[\\/]/.test(name) && name !== '.' && name !== '..', 'must be a file name inside the drop directory, without "/" or ".."')
    .optional(),
  /** Overrides the source's `encoding` for this file. */
  encoding: encoding.optional(),
  /** Overrides the source's `delimiter` for this file. */
  delimiter: delimiter.optional(),
});

/**
 * The `source` block of a `csv` connector: file drops a department exports on a schedule.
 * The endpoint variable names the drop directory (or, for a one-type connector, the file);
 * the first line of each file is its header, whose names the catalogue's `from` maps (often
 * Chinese). Values are typed by the catalogue.
 *
 * Each file is read whole into memory, indexed on its key, its filters and the fields links
 * join on, and swapped in atomically: a query sees the old file or the new one, never half.
 * The file is read again every `refreshSeconds`, and as soon as a query notices that its
 * modification time, size or inode changed (drops should be written to a temporary name and
 * renamed into place). A malformed row (wrong column count, broken quoting, a value that
 * does not fit its type, a duplicate key) is skipped and reported with its line number in
 * the adapter's `health()`; the rest of the file is served. A file that cannot be read is
 * `UPSTREAM_UNAVAILABLE`, a header missing a catalogued column `UPSTREAM_BAD_RESPONSE`; once a
 * file has loaded, a failed reload keeps serving the previous one and is reported by `probe`.
 *
 * ```ts
 * source: {
 *   kind: 'csv',
 *   endpointEnv: 'CITYHUB_BUS_OPERATIONS_DIR', // /srv/drops/bus-operations
 *   encoding: 'gbk',
 *   refreshSeconds: 600,
 *   files: { BusStop: { file: '公交站点.csv' }, BusRoute: { file: '公交线路.csv', encoding: 'utf-8' } },
 * }
 * ```
 */
export const csvSourceSchema = z.strictObject({
  kind: z.literal('csv'),
  /** The environment variable holding the drop directory, or the file of a one-type connector. */
  endpointEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name'),
  /** How often every file is read again, in seconds. @default 300 */
  refreshSeconds: z.number().int().min(1).max(86_400).default(300),
  /** The files' text encoding; legacy exports are often GBK. @default 'utf-8' */
  encoding: encoding.default('utf-8'),
  /** The field separator. @default ',' */
  delimiter: delimiter.default(','),
  /** The file of each catalogued type. */
  files: z.record(z.string(), file),
});

/** A validated `csv` source block. */
export type CsvSource = z.output<typeof csvSourceSchema>;
/** The file one catalogued type is read from. */
export type CsvFile = CsvSource['files'][string];
