import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../connectors/sdk/http-client.ts';
import { ConnectorError } from '../../../schema/index.ts';

let server: Server | undefined;
let client: HttpClient | undefined;

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  client?.close();
  client = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('createHttpClient', () => {
  it('posts a body with its length and keeps one connection alive across calls', async () => {
    const sockets = new Set<unknown>();
    const url = await serve((request, response) => {
      sockets.add(request.socket);
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => response.end(JSON.stringify({ method: request.method, length: request.headers['content-length'], body, custom: request.headers['x-custom'] })));
    });
    client = createHttpClient({ connectorId: 'test', maxResponseBytes: 1_000 });
    for (let call = 0; call < 3; call += 1) {
      const answer = await client.request(`${url}/graphql`, { method: 'POST', headers: { 'x-custom': 'yes' }, body: '{"q":"é"}', what: 'the answer' });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ method: 'POST', length: '10', body: '{"q":"é"}', custom: 'yes' });
    }
    expect(sockets.size).toBe(1);
  });

  it('decodes a gzip body and caps the decoded bytes', async () => {
    const text = 'x'.repeat(5_000);
    const url = await serve((_request, response) => {
      response.setHeader('content-encoding', 'gzip');
      response.end(gzipSync(text));
    });
    client = createHttpClient({ connectorId: 'test', maxResponseBytes: 10_000 });
    expect((await client.request(url, { what: 'GET /' })).body.toString('utf8')).toBe(text);
    const small = createHttpClient({ connectorId: 'test', maxResponseBytes: 1_000 });
    try {
      await expect(small.request(url, { what: 'GET /' })).rejects.toThrow(/GET \/ is larger than the connector's maxResponseBytes \(1000 bytes\)/);
    } finally {
      small.close();
    }
  });

  it('refuses a declared content-length over the cap before reading, and a streamed body as it passes the cap', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/declared') {
        response.setHeader('content-length', '5000');
        response.end('y'.repeat(5_000));
        return;
      }
      // Streamed without a length, past the cap.
      response.write('z'.repeat(600));
      response.end('z'.repeat(600));
    });
    client = createHttpClient({ connectorId: 'caps', maxResponseBytes: 1_000 });
    for (const path of ['/declared', '/streamed']) {
      const failure = await client.request(`${url}${path}`, { what: `GET ${path}` }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConnectorError);
      expect((failure as ConnectorError).extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', maxResponseBytes: 1_000 });
    }
  });

  it('answers a 3xx as it is, without following it', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(302, { location: '/elsewhere' });
      response.end();
    });
    client = createHttpClient({ connectorId: 'test', maxResponseBytes: 1_000 });
    const answer = await client.request(url, { what: 'GET /' });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe('/elsewhere');
  });

  it('rejects with the socket error of a refused connection', async () => {
    const url = await serve(() => {});
    server!.close();
    client = createHttpClient({ connectorId: 'test', maxResponseBytes: 1_000 });
    await expect(client.request(url, { what: 'GET /' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('rejects with the answer status when the body breaks off', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    client = createHttpClient({ connectorId: 'test', maxResponseBytes: 10_000 });
    await expect(client.request(url, { what: 'GET /' })).rejects.toMatchObject({ status: 200 });
  });

  it('stops waiting when the signal aborts', async () => {
    const url = await serve(() => {});
    client = createHttpClient({ connectorId: 'test', maxResponseBytes: 1_000 });
    const started = Date.now();
    await expect(client.request(url, { what: 'GET /', signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: expect.stringMatching(/AbortError|TimeoutError/) });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a URL that is not http or https, and a cap that is not a byte count', async () => {
    client = createHttpClient({ connectorId: 'test', maxResponseBytes: 1_000 });
    await expect(client.request('ftp://example.org/', { what: 'GET /' })).rejects.toThrow('the URL must be http: or https:, received ftp:');
    expect(() => createHttpClient({ connectorId: 'test', maxResponseBytes: -1 })).toThrow('maxResponseBytes must be a non-negative integer, received -1');
  });
});
