import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** 600 requests in 1.8 s from one principal were all served. */
describe('attack: request flood from one principal', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub({ edge: { rate: { requests: 5, windowSeconds: 30, sockets: 10, subscriptions: 20 } } });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('answers HTTP 429 RATE_LIMITED with Retry-After past the rate, and keeps serving other principals', async () => {
    const query = { query: '{ districts(first: 1) { code } }' };
    const statuses: number[] = [];
    for (let index = 0; index < 7; index += 1) statuses.push((await edge.post('caseWorker', query)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await edge.post('caseWorker', query);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(refused.body.errors[0]).toMatchObject({ message: expect.stringMatching(/more than 5 requests in 30 s from one principal/), extensions: { code: 'RATE_LIMITED', limit: 5 } });
    expect((await edge.post('streetOfficer', query)).status).toBe(200);
  });
});
