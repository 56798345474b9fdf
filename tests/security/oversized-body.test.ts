import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A huge body is refused before it is read into memory and parsed as JSON. */
describe('attack: oversized body', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('refuses a 3 MB body by its Content-Length with HTTP 413 BODY_TOO_LARGE', async () => {
    const body = JSON.stringify({ query: '{ districts(first: 1) { code } }', variables: { padding: 'x'.repeat(3 * 1024 * 1024) } });
    const response = await edge.send({ method: 'POST', headers: await edge.headersFor(null), body });
    expect(response.status).toBe(413);
    expect(response.body.errors[0]).toMatchObject({ message: expect.stringMatching(/larger than 2097152 bytes, the limit \(received 31457\d\d bytes\)/), extensions: { code: 'BODY_TOO_LARGE', limit: 2097152 } });
  });

  it('refuses a chunked body without a length as soon as it passes the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ districts(first: 1) { code } }","variables":{"padding":"'));
        sent += 1;
        if (sent > 64) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await edge.send({ method: 'POST', headers: await edge.headersFor(null), body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('serves a body under the limit', async () => {
    const response = await edge.post(null, { query: '{ districts(first: 1) { code } }', variables: { padding: 'x'.repeat(1024) } });
    expect(response.status).toBe(200);
  });
});
