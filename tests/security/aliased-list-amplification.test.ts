import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** 1,000 aliased lists answered 4 MB in 5 s: the aliases and the estimated cost are limited. */
describe('attack: aliased-list amplification', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('refuses more than 15 aliases with ALIAS_LIMIT (HTTP 400) before any connector is called', async () => {
    const calls = edge.upstreamCalls.length;
    const aliases = Array.from({ length: 16 }, (_, index) => `a${index}: people(first: 1) { personId }`).join(' ');
    const response = await edge.post('caseWorker', { query: `{ ${aliases} }` });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/Aliases limit of 15 exceeded, found 16/), extensions: expect.objectContaining({ code: 'ALIAS_LIMIT', limit: 15 }) })]);
    expect(edge.upstreamCalls.length).toBe(calls);
  });

  it('refuses a few aliased big lists whose estimated cost passes the limit with COST_LIMIT', async () => {
    const calls = edge.upstreamCalls.length;
    const aliases = Array.from({ length: 6 }, (_, index) => `a${index}: people(first: 1000) { personId household { householdId } }`).join(' ');
    const response = await edge.post(null, { query: `{ ${aliases} }` });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ message: "the operation's estimated cost 12000 exceeds the limit of 5000", extensions: { code: 'COST_LIMIT', limit: 5000, cost: 12000 } });
    expect(edge.upstreamCalls.length).toBe(calls);
  });

  it('counts a list given by a variable at the size the variable asks for', async () => {
    const query = 'query Many($n: Int) { people(first: $n) { personId household { householdId } } }';
    const refused = await edge.post(null, { query, variables: { n: 3000 } });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'COST_LIMIT', cost: 6000 });
    const served = await edge.post(null, { query, variables: { n: 5 } });
    expect(served.status).toBe(200);
    expect(served.body.errors?.find((error: { extensions?: { code?: string } }) => error.extensions?.code === 'COST_LIMIT')).toBeUndefined();
  });
});
