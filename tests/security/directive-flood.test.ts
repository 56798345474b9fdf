import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** 10,000 unknown directives were each validated. */
describe('attack: directive flood', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('refuses more than 50 directives with DIRECTIVE_LIMIT (HTTP 400), before graphql-js validates each', async () => {
    const directives = Array.from({ length: 51 }, () => '@unknown').join(' ');
    const response = await edge.post(null, { query: `{ districts(first: 1) { code ${directives} } }` });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: 'Directives limit of 50 exceeded, found 51.', extensions: expect.objectContaining({ code: 'DIRECTIVE_LIMIT', limit: 50 }) })]);
  });

  it('lets 50 known directives through', async () => {
    const fields = Array.from({ length: 50 }, () => 'code @include(if: true)').join(' ');
    const response = await edge.post(null, { query: `{ districts(first: 1) { ${fields} } }` });
    expect(response.status).toBe(200);
    expect(response.body.data.districts).toHaveLength(1);
  });
});
