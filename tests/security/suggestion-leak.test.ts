import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_HEADER } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

// Private: the errors a graphql-ws `subscribe` of `query` ends with (none: it completed).
function errorsOf(client: Client, query: string): Promise<Array<{ message: string }> | undefined> {
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query },
      {
        next: () => {},
        error: (error) => (Array.isArray(error) ? resolve(error as Array<{ message: string }>) : reject(error)),
        complete: () => resolve(undefined),
      },
    );
  });
}

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

  it('answers an anonymous misspelling over a WebSocket without suggesting a field', async () => {
    const errors = await errorsOf(edge.ws(), '{ peopl(first: 1) { personId } }');
    expect(errors?.map((error) => error.message)).toEqual(['Cannot query field "peopl" on type "Query".']);
  });

  it('still suggests over a WebSocket to a caller who may introspect, after the anonymous caller had the same document', async () => {
    const client = edge.ws({ authorization: `Bearer ${await edge.token('caseWorker')}`, [PURPOSE_HEADER]: 'elderly-care' });
    const errors = await errorsOf(client, '{ peopl(first: 1) { personId } }');
    expect(errors?.[0]?.message).toMatch(/Did you mean "people"/);
  });

  it('suggests to an anonymous caller over a WebSocket where everyone may introspect (development)', async () => {
    const development = await startEdgeHub({ development: true });
    try {
      const errors = await errorsOf(development.ws(), '{ peopl(first: 1) { personId } }');
      expect(errors?.[0]?.message).toMatch(/Did you mean "people"/);
    } finally {
      await development.close();
    }
  }, 60_000);
});
