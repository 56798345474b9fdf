import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A document of many tokens costs the parser before any other limit can look at it. */
describe('attack: token flood', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('refuses a document of more than 1,000 tokens with TOKEN_LIMIT (HTTP 400) before parsing it', async () => {
    // Each `code` repeated is one token: 1,200 of them, under the alias and depth limits.
    const query = `{ districts(first: 1) { ${Array.from({ length: 1200 }, () => 'code').join(' ')} } }`;
    const response = await edge.post(null, { query });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: 'the document has more than 1000 tokens, the limit', extensions: expect.objectContaining({ code: 'TOKEN_LIMIT', limit: 1000 }) })]);
  });

  it('does not count comments: a scenario document of long comments passes', async () => {
    const query = `${'# a comment line of the scenario notes\n'.repeat(500)}{ districts(first: 1) { code } }`;
    const response = await edge.post(null, { query });
    expect(response.status).toBe(200);
  });
});
