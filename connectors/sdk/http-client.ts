import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { responseTooLarge } from './read-capped.ts';

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The connector the client serves, named in every error. */
  readonly connectorId: string;
  /** Largest answer body read, in bytes, after decoding (`UPSTREAM_BAD_RESPONSE` beyond). */
  readonly maxResponseBytes: number;
}

/** One request of {@link HttpClient.request}. */
export interface HttpRequest {
  /** @default 'GET' */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The body, sent with its `content-length`. @default none */
  readonly body?: string;
  /** Aborts the request (a timeout); the promise then rejects with the signal's reason or an `AbortError`. */
  readonly signal?: AbortSignal;
  /** What the answer is, for the error of an answer over the cap: `GET /api/list`. */
  readonly what: string;
}

/** An answer read in full (under the cap). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A small HTTP/1.1 client over `node:http` and `node:https` with keep-alive connection
 * pools, for the hot path of the connectors that reach a department's service (the GraphQL
 * kind's queries, the REST kind). It does about a quarter of the global `fetch`'s work per
 * call (no WHATWG `Request`, `Headers`, streams or body cloning), which is most of a
 * gateway's CPU when an operation fans out to many calls.
 */
export interface HttpClient {
  /**
   * Sends one request and reads its answer's body, at most `maxResponseBytes` of it: a
   * declared `content-length` above the limit is refused before reading, and a body that
   * streams past the limit is dropped as soon as it does ({@link responseTooLarge}). A
   * `gzip`, `deflate` or `br` body is decoded (the cap counts decoded bytes). Redirects are
   * not followed: a 3xx is answered as it is. A refused connection rejects with the
   * socket's error (its `code`, e.g. `ECONNREFUSED`); a body that breaks off with its error,
   * whose `status` is the answer's HTTP status.
   */
  request(url: URL | string, request: HttpRequest): Promise<HttpAnswer>;
  /** Closes the pooled connections. */
  close(): void;
}

/**
 * Creates an {@link HttpClient} with its own keep-alive pools (closed by `close`).
 *
 * ```ts
 * const client = createHttpClient({ connectorId: 'grids', maxResponseBytes: 16 << 20 });
 * const answer = await client.request('http://grids.local/api/list', { what: 'GET /api/list', signal: AbortSignal.timeout(3_000) });
 * JSON.parse(answer.body.toString('utf8'));
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { connectorId, maxResponseBytes } = options;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 0) {
    throw new TypeError(`maxResponseBytes must be a non-negative integer, received ${String(maxResponseBytes)}`);
  }
  let plain: http.Agent | undefined;
  let secure: https.Agent | undefined;
  return {
    request(url, request) {
      const target = typeof url === 'string' ? new URL(url) : url;
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return Promise.reject(new TypeError(`the URL must be http: or https:, received ${target.protocol}`));
      }
      const tls = target.protocol === 'https:';
      const agent = tls ? (secure ??= new https.Agent({ keepAlive: true })) : (plain ??= new http.Agent({ keepAlive: true }));
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      return new Promise<HttpAnswer>((resolve, reject) => {
        const outgoing = (tls ? https : http).request(
          target,
          { method: request.method ?? 'GET', headers, agent, ...(request.signal ? { signal: request.signal } : {}) },
          (response) => {
            const declared = Number(response.headers['content-length']);
            if (Number.isFinite(declared) && declared > maxResponseBytes) {
              response.destroy();
              reject(responseTooLarge(connectorId, request.what, maxResponseBytes));
              return;
            }
            let body: Readable = response;
            const encoding = response.headers['content-encoding']?.trim().toLowerCase();
            if (encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate' || encoding === 'br') {
              const decoder = encoding === 'br' ? createBrotliDecompress() : encoding === 'deflate' ? createInflate() : createGunzip();
              response.on('error', (error) => decoder.destroy(error));
              body = response.pipe(decoder);
            }
            const chunks: Buffer[] = [];
            let size = 0;
            body.on('data', (chunk: Buffer) => {
              size += chunk.byteLength;
              if (size > maxResponseBytes) {
                response.destroy();
                body.destroy();
                reject(responseTooLarge(connectorId, request.what, maxResponseBytes));
                return;
              }
              chunks.push(chunk);
            });
            // A body that breaks off rejects with its error, carrying the answer's status.
            const brokeOff = (error: Error) => reject(Object.assign(error, { status: response.statusCode }));
            body.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks, size) }));
            body.on('error', brokeOff);
            response.on('close', () => {
              if (!response.complete) brokeOff(Object.assign(new Error('the answer broke off'), { code: 'ECONNRESET' }));
            });
          },
        );
        outgoing.on('error', reject);
        outgoing.end(request.body);
      });
    },
    close() {
      plain?.destroy();
      secure?.destroy();
    },
  };
}
