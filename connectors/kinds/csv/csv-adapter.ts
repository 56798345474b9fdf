import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { basename, join } from 'node:path';
import iconv from 'iconv-lite';
import { ConnectorError, type CityErrorCode } from '../../../schema/index.ts';
import { endpointFrom } from '../../sdk/endpoint.ts';
import { responseTooLarge } from '../../sdk/read-capped.ts';
import type { ConnectorManifest } from '../../sdk/manifest.ts';
import type { SourceAdapter, SourceRuntime } from '../../sdk/source-kind.ts';
import { readCsvRecords, type CsvRejection } from './csv-records.ts';
import type { CsvSource } from './csv-source.ts';
import { buildCsvTable, queryCsvTable, type CsvTable } from './csv-table.ts';

/** What the last loads of one file gave, as {@link CsvAdapter.health} reports it. */
export type CsvLoadReport = {
  /** The file's name (never its directory). */
  readonly file: string;
  /** How many times the file was read and swapped in. */
  readonly loads: number;
  /** The successful load being served, if any. */
  readonly lastLoad?: {
    readonly at: string;
    readonly rows: number;
    /** Skipped rows with their line numbers (the first 100). */
    readonly rejected: readonly CsvRejection[];
    readonly rejectedCount: number;
  };
  /** The last attempt, when it failed (the previous load is still served). */
  readonly error?: { readonly at: string; readonly code: string; readonly message: string };
};

/** Health details of a `csv` connector: one report per catalogued type. */
export type CsvHealth = { readonly files: Readonly<Record<string, CsvLoadReport>> };

/** The adapter of a `csv` connector: a {@link SourceAdapter} that reports its loads. */
export interface CsvAdapter extends SourceAdapter {
  /** Per type: rows served, rows rejected with their line numbers, and the last failure. */
  health(): CsvHealth;
  /** Reads the files again now (all, or one type's) and swaps them in; rejects when a read fails. */
  reload(type?: string): Promise<void>;
}

interface FileState {
  readonly type: string;
  readonly name: string | undefined;
  readonly encoding: 'utf-8' | 'gbk';
  readonly delimiter: string;
  table?: CsvTable;
  stamp?: string;
  /** The stamp of the file version whose load failed, so a broken drop is not re-read per query. */
  failedStamp?: string;
  loading?: Promise<CsvTable>;
  loads: number;
  report?: CsvLoadReport['lastLoad'];
  error?: CsvLoadReport['error'];
}

function stampOf(stats: { mtimeMs: number; size: number; ino: number }): string {
  return `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
}

/**
 * Creates the adapter of a `csv` connector. Nothing is read until the first query or
 * probe; then each file is streamed, decoded (UTF-8 or GBK), parsed, type-checked and
 * indexed into a new table a batch at a time (the server keeps answering meanwhile), and
 * one reference is swapped once the table is complete, so a query always reads one whole
 * file. Every query checks the file's modification time, size and inode and reloads when
 * they changed; a timer reloads every `refreshSeconds`. Concurrent loads of a file share
 * one read.
 */
export function createCsvAdapter(manifest: ConnectorManifest & { source: CsvSource }, runtime: SourceRuntime): CsvAdapter {
  const endpoint = endpointFrom(manifest, runtime);
  const { source } = manifest;
  const states = new Map<string, FileState>(
    Object.keys(manifest.catalogue).map((type) => {
      const file = source.files[type]!;
      return [type, { type, name: file.file, encoding: file.encoding ?? source.encoding, delimiter: file.delimiter ?? source.delimiter, loads: 0 }];
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const labelOf = (state: FileState) => state.name ?? basename(endpoint);

  async function pathOf(state: FileState): Promise<string> {
    const stats = await stat(endpoint);
    if (stats.isDirectory()) {
      if (!state.name) {
        throw new ConnectorError(manifest.id, `${source.endpointEnv} names a directory, but source.files.${state.type}.file names no file in it`, 'UPSTREAM_UNAVAILABLE');
      }
      return join(endpoint, state.name);
    }
    if (states.size > 1) {
      throw new ConnectorError(manifest.id, `${source.endpointEnv} names a file, but the connector reads ${states.size} files: name their directory`, 'UPSTREAM_UNAVAILABLE');
    }
    return endpoint;
  }

  function failure(state: FileState, error: unknown): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : (error as Error)?.name ?? 'error';
    return new ConnectorError(manifest.id, `cannot read ${labelOf(state)} (${code})`, 'UPSTREAM_UNAVAILABLE', { cause: error, extensions: { file: labelOf(state) } });
  }

  function load(state: FileState): Promise<CsvTable> {
    if (state.loading) return state.loading;
    let attempt: string | undefined;
    const loading = (async () => {
      const path = await pathOf(state);
      const before = await stat(path);
      attempt = stampOf(before);
      const limit = manifest.maxResponseBytes;
      if (before.size > limit) throw responseTooLarge(manifest.id, labelOf(state), limit);
      // Streamed: read, decoded and parsed a chunk at a time, so a large drop never stalls the
      // server; bytes are counted as they come, since the file may grow while it is read.
      const bytes = createReadStream(path);
      let read = 0;
      const capped = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          read += chunk.length;
          done(read > limit ? responseTooLarge(manifest.id, labelOf(state), limit) : null, chunk);
        },
      });
      // iconv-lite's decoder is a stream Transform; its typings only say ReadWriteStream. An
      // error on any stream destroys all, and reaches the reader through `decoded`.
      const decoded = pipeline(bytes, capped, iconv.decodeStream(state.encoding) as unknown as Transform, () => {});
      let table: CsvTable;
      try {
        table = await buildCsvTable(manifest, state.type, `${labelOf(state)} (read as ${state.encoding})`, readCsvRecords(decoded, { delimiter: state.delimiter }));
      } finally {
        bytes.destroy();
        decoded.destroy();
      }
      // The swap: one assignment, after the table is complete.
      state.table = table;
      state.stamp = stampOf(before);
      state.loads += 1;
      state.report = { at: new Date().toISOString(), rows: table.rows.length, rejected: table.rejected, rejectedCount: table.rejectedCount };
      state.error = undefined;
      state.failedStamp = undefined;
      startTimer();
      return table;
    })();
    state.loading = loading
      .catch((error: unknown) => {
        const connectorError = failure(state, error);
        state.error = { at: new Date().toISOString(), code: connectorError.code, message: connectorError.message };
        state.failedStamp = attempt;
        throw connectorError;
      })
      .finally(() => {
        state.loading = undefined;
      });
    return state.loading;
  }

  /** The table to answer from: loaded on first use, reloaded when the file changed. */
  async function tableOf(state: FileState): Promise<CsvTable> {
    if (!state.table) return load(state);
    const served = state.table;
    // A reload in progress does not hold queries up: the whole previous file answers until the swap.
    if (state.loading) return served;
    try {
      const stamp = stampOf(await stat(await pathOf(state)));
      if (stamp === state.stamp) {
        // The file on disk is the one served: whatever failed before has passed.
        state.error = undefined;
        return served;
      }
      if (stamp === state.failedStamp) return served;
      return await load(state);
    } catch (error) {
      // A drop being replaced, or a broken new file: keep serving the whole previous one.
      const connectorError = failure(state, error);
      state.error = { at: new Date().toISOString(), code: connectorError.code, message: connectorError.message };
      return state.table ?? served;
    }
  }

  function startTimer() {
    if (timer || closed) return;
    timer = setInterval(() => {
      // A failed reload is recorded by load() in the file's health (shown in /readyz) and the
      // previous whole table keeps serving; nothing is left for this rejection to report.
      for (const state of states.values()) load(state).catch(() => {});
    }, source.refreshSeconds * 1000);
    timer.unref();
  }

  function stateOf(type: string): FileState {
    const state = states.get(type);
    if (!state) throw new TypeError(`connector "${manifest.id}" has no catalogued type ${type}`);
    return state;
  }

  return {
    async find(query) {
      if (query.in && query.in.values.length === 0) return [];
      const table = await tableOf(stateOf(query.type));
      return queryCsvTable(table, query);
    },
    async probe() {
      for (const state of states.values()) {
        await tableOf(state);
        if (state.error) {
          throw new ConnectorError(manifest.id, `the last load of ${labelOf(state)} failed (${state.error.message}); the load of ${state.report?.at} is served`, state.error.code as Extract<CityErrorCode, 'UPSTREAM_UNAVAILABLE'>, {
            extensions: { file: labelOf(state) },
          });
        }
      }
    },
    health() {
      const files: Record<string, CsvLoadReport> = {};
      for (const state of states.values()) {
        files[state.type] = { file: labelOf(state), loads: state.loads, ...(state.report ? { lastLoad: state.report } : {}), ...(state.error ? { error: state.error } : {}) };
      }
      return { files };
    },
    async reload(type) {
      const targets = type === undefined ? [...states.values()] : [stateOf(type)];
      await Promise.all(targets.map((state) => load(state)));
    },
    async close() {
      closed = true;
      clearInterval(timer);
      timer = undefined;
    },
  };
}
