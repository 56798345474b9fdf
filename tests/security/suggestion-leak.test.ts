import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** "Did you mean …" suggestions named fields to callers who may not introspect. */
describe('attack: suggestion leak', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('answers an anonymous misspelling without suggesting a field', async () => {
    const response = await edge.post(null, { query: '{ peopl(first: 1) { personId } }' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toBe('Cannot query field "peopl" on type "Query".');
  });

  it('still suggests to a caller who may introspect, the same document validated before', async () => {
    const response = await edge.post('caseWorker', { query: '{ peopl(first: 1) { personId } }' });
    expect(response.body.errors[0].message).toMatch(/Did you mean "people"/);
  });
});
