import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphqlClient } from '../../../../connectors/index.ts';

// A legacy GraphQL service on loopback that counts the TCP connections it accepts and can be
// told to break off an answer or to answer JSON that is not a GraphQL response.
let server: Server;
let url: string;
let connections = 0;
let mode: 'ok' | 'broken' | 'not-graphql' = 'ok';

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      if (mode === 'broken') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"data":{"rows":[');
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      const body = mode === 'not-graphql' ? '[1,2,3]' : JSON.stringify({ data: { rows: [{ echo: (JSON.parse(text) as { variables?: unknown }).variables ?? null }] } });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  connections = 0;
  mode = 'ok';
});

describe('graphql client', () => {
  it('reuses its connections and adds no listener to a long-lived signal across many concurrent calls', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const client = createGraphqlClient({ connectorId: 'ledger', url, timeoutMs: 5_000 });
    try {
      const concurrency = 20;
      const document = parse('query Read($n: Int) { rows { echo } }');
      for (let round = 0; round < 10; round += 1) {
        await Promise.all(
          Array.from({ length: concurrency }, async (_, index) => {
            // Both ways in: the adapter's text documents and the stitching executor's parsed ones.
            const data = await client.request('query Read($n: Int) { rows { echo } }', { n: index }, AbortSignal.timeout(5_000));
            expect(data).toEqual({ rows: [{ echo: { n: index } }] });
            const result = (await client.executor({ document, variables: { n: index }, signal: AbortSignal.timeout(5_000) })) as { data?: unknown };
            expect(result.data).toEqual({ rows: [{ echo: { n: index } }] });
          }),
        );
      }
      // A process warning is emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
      // 400 calls, at most `concurrency` in flight at a time: the sockets are kept alive and
      // reused (undici closes a socket idle for longer than the server's keep-alive hint allows,
      // so a slow machine may open a few more than `concurrency`; without keep-alive it is 400).
      expect(connections).toBeGreaterThan(0);
      expect(connections).toBeLessThan(100);
    } finally {
      process.off('warning', onWarning);
      await client.close();
    }
  });

  it('answers UPSTREAM_UNAVAILABLE naming the status when the service breaks off its answer', async () => {
    const client = createGraphqlClient({ connectorId: 'ledger', url, timeoutMs: 5_000 });
    mode = 'broken';
    try {
      await expect(client.request('{ rows { echo } }', {}, AbortSignal.timeout(5_000))).rejects.toMatchObject({
        message: expect.stringMatching(/^Connector "ledger": the GraphQL service answered HTTP 200 and the answer broke off/),
        extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'ledger' },
      });
    } finally {
      await client.close();
    }
  });

  it('answers UPSTREAM_BAD_RESPONSE when the service answers JSON that is not a GraphQL response, through either way in', async () => {
    const client = createGraphqlClient({ connectorId: 'ledger', url, timeoutMs: 5_000 });
    mode = 'not-graphql';
    try {
      const expected = { message: 'Connector "ledger": the GraphQL service answered HTTP 200 without a GraphQL response', extensions: { code: 'UPSTREAM_BAD_RESPONSE', status: 200 } };
      await expect(client.request('{ rows { echo } }', {}, AbortSignal.timeout(5_000))).rejects.toMatchObject(expected);
      const result = (await client.executor({ document: parse('{ rows { echo } }') })) as { errors?: unknown[] };
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]).toMatchObject(expected);
    } finally {
      await client.close();
    }
  });
});
