import { ConnectorError } from '../../schema/index.ts';

/**
 * The error of an answer larger than the connector's `maxResponseBytes` (or, for SQL, its
 * `maxResponseRows`): `UPSTREAM_BAD_RESPONSE` naming the connector, what was read and the limit.
 */
export function responseTooLarge(
  connectorId: string,
  what: string,
  limit: number,
  setting: 'maxResponseBytes' | 'maxResponseRows' = 'maxResponseBytes',
): ConnectorError {
  const unit = setting === 'maxResponseBytes' ? 'bytes' : 'rows';
  return new ConnectorError(connectorId, `${what} is larger than the connector's ${setting} (${limit} ${unit}): refused`, 'UPSTREAM_BAD_RESPONSE', {
    extensions: { [setting]: limit },
  });
}

/**
 * Reads a `fetch` response's body into memory, at most `maxResponseBytes` of it: a declared
 * `content-length` above the limit is refused before reading, and a body that streams past
 * the limit is cancelled as soon as it does, so a hostile system streaming gigabytes costs
 * the hub at most the limit. Throws {@link responseTooLarge}.
 *
 * ```ts
 * const body = await readCappedBody(response, { connectorId: 'grids', what: 'GET /api/list', maxResponseBytes: 16 << 20 });
 * JSON.parse(body.toString('utf8'));
 * ```
 */
export async function readCappedBody(
  response: Response,
  options: { readonly connectorId: string; readonly what: string; readonly maxResponseBytes: number },
): Promise<Buffer> {
  const { connectorId, what, maxResponseBytes } = options;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxResponseBytes) {
    await response.body?.cancel();
    throw responseTooLarge(connectorId, what, maxResponseBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxResponseBytes) {
      await reader.cancel();
      throw responseTooLarge(connectorId, what, maxResponseBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * A `fetch` whose responses are read under the cap ({@link readCappedBody}) and handed on
 * as a buffered `Response`, for clients that read bodies themselves (the GraphQL executor).
 */
export function cappedFetch(options: { readonly connectorId: string; readonly maxResponseBytes: number }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const what = `the answer of ${new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname}`;
    const body = await readCappedBody(response, { ...options, what });
    // The body is decoded already: its original length and encoding no longer describe it.
    const headers = new Headers(response.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    const bytes = new Uint8Array(body.byteLength);
    bytes.set(body);
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
  };
}
