import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A form post and a multipart post executed: a cross-site page could make a browser run operations. */
describe('attack: form-post CSRF', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const query = '{ districts(first: 1) { code } }';
  for (const [kind, contentType, body] of [
    ['a urlencoded form', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(query)}`],
    ['a multipart form', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query })}\r\n--x--\r\n`],
    ['a text/plain post', 'text/plain', JSON.stringify({ query })],
  ] as const) {
    it(`refuses ${kind} with HTTP 403 CSRF_PREVENTED, executing nothing`, async () => {
      const calls = edge.upstreamCalls.length;
      const response = await edge.send({ method: 'POST', headers: { 'content-type': contentType }, body });
      expect(response.status).toBe(403);
      expect(response.body.errors[0]).toMatchObject({ message: expect.stringMatching(/must carry one of the headers x-graphql-yoga-csrf/), extensions: { code: 'CSRF_PREVENTED' } });
      expect(edge.upstreamCalls.length).toBe(calls);
    });
  }

  it('refuses a GET without a preflight header, and serves it with one', async () => {
    const path = `/graphql?query=${encodeURIComponent(query)}`;
    expect((await edge.send({ method: 'GET', path })).status).toBe(403);
    const preflighted = await edge.send({ method: 'GET', path, headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(preflighted.status).toBe(200);
    expect(preflighted.body.data.districts).toHaveLength(1);
  });
});
