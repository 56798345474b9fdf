import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevKeyPair } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';
import { serverUrl } from '../support/servers.ts';

const redis = serverUrl('CITYHUB_TEST_REDIS_URL');

/** Two replicas behind a load balancer each allowed a principal its full rate: they share it through Redis. */
describe.skipIf(redis === undefined)('attack: request flood spread over two replicas sharing one Redis', () => {
  let first: EdgeHub;
  let second: EdgeHub;
  beforeAll(async () => {
    const keys = await generateDevKeyPair();
    // One key prefix per run, so the counters of earlier runs never count.
    const rate = { requests: 4, windowSeconds: 30, sockets: 10, subscriptions: 20 };
    const edge = { rate, redisUrl: redis!, redisKeyPrefix: `cityhub-test-${randomBytes(4).toString('hex')}` };
    first = await startEdgeHub({ keys, edge });
    second = await startEdgeHub({ keys, edge });
  }, 90_000);
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('counts the requests of one principal on both replicas against one rate, 429 with Retry-After past it', async () => {
    const query = { query: '{ districts(first: 1) { code } }' };
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) statuses.push((await (index % 2 === 0 ? first : second).post('caseWorker', query)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = await first.post('caseWorker', query);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await second.post('streetOfficer', query)).status).toBe(200);
  });
});
