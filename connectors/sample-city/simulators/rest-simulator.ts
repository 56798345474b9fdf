import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One paged JSON resource of a simulated legacy REST system. */
export interface LegacyRestResource {
  readonly path: string;
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Query parameter → legacy field; a comma-separated value matches any of its parts. */
  readonly filters: Readonly<Record<string, string>>;
  /** Query parameter meaning "this legacy field starts with one of these codes". */
  readonly within?: { readonly param: string; readonly field: string };
  readonly pageParam: string;
  readonly sizeParam: string;
  /** Largest page the legacy system serves, whatever is asked. */
  readonly maxPageSize: number;
  /** Wraps a page of rows in the legacy envelope. */
  envelope(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, total: number, page: number): unknown;
}

/** One request the simulator received, for tests that count upstream calls. */
export interface RecordedCall {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

/** A running simulated REST system. */
export interface RestSimulator {
  readonly url: string;
  /** Every request received, oldest first. */
  readonly calls: RecordedCall[];
  /** Delays every answer (to exercise timeouts). */
  setDelay(ms: number): void;
  /** Makes every answer this HTTP status, or restores normal service with `null`. */
  setFailure(status: number | null): void;
  close(): Promise<void>;
}

/**
 * Starts a simulated legacy REST system on a loopback port: paged JSON with legacy field
 * names and a legacy envelope, filters by query parameter, and a call log.
 */
export async function startRestSimulator(options: { resources: readonly LegacyRestResource[]; port?: number; host?: string }): Promise<RestSimulator> {
  const calls: RecordedCall[] = [];
  let delayMs = 0;
  let failure: number | null = null;
  const byPath = new Map(options.resources.map((resource) => [resource.path, resource]));

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const query = Object.fromEntries(url.searchParams);
    calls.push({ path: url.pathname, query });
    const answer = (status: number, body: unknown) => {
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(body));
      };
      if (delayMs > 0) setTimeout(send, delayMs).unref();
      else send();
    };
    if (failure !== null) return answer(failure, { code: failure, msg: '系统繁忙' });
    const resource = byPath.get(url.pathname);
    if (!resource || request.method !== 'GET') return answer(404, { code: 404, msg: '接口不存在' });
    let rows = resource.rows;
    for (const [param, field] of Object.entries(resource.filters)) {
      const value = url.searchParams.get(param);
      if (value === null) continue;
      const wanted = new Set(value.split(','));
      rows = rows.filter((row) => wanted.has(String(row[field])));
    }
    const within = resource.within && url.searchParams.get(resource.within.param);
    if (resource.within && within) {
      const scopes = within.split(',');
      const field = resource.within.field;
      rows = rows.filter((row) => scopes.some((scope) => String(row[field]).startsWith(scope)));
    }
    const page = Number(url.searchParams.get(resource.pageParam) ?? '1');
    const size = Math.min(Number(url.searchParams.get(resource.sizeParam) ?? '20'), resource.maxPageSize);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) {
      return answer(400, { code: 400, msg: `分页参数错误 ${resource.pageParam}/${resource.sizeParam}` });
    }
    answer(200, resource.envelope(rows.slice((page - 1) * size, page * size), rows.length, page));
  });
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    calls,
    setDelay: (ms) => {
      delayMs = ms;
    },
    setFailure: (status) => {
      failure = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
