import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_HEADER } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** 500 WebSocket subscriptions of one principal stayed open. */
describe('attack: subscription flood', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub({ only: ['admin-divisions', 'air-quality'], edge: { rate: { requests: 300, windowSeconds: 10, sockets: 2, subscriptions: 3 } } });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const params = async () => ({ authorization: `Bearer ${await edge.token('districtOfficer')}`, [PURPOSE_HEADER]: 'city-operations' });
  const subscribe = (client: ReturnType<EdgeHub['ws']>) =>
    new Promise<{ error?: unknown; next?: any }>((resolve) => {
      client.subscribe({ query: 'subscription { airQualityReadings { stationId } }' }, { next: (next) => resolve({ next }), error: (error) => resolve({ error }), complete: () => resolve({}) });
    });

  it('refuses a fourth open subscription of one principal with SUBSCRIPTION_LIMIT, and a third socket with close code 4429', async () => {
    const client = edge.ws(await params());
    const second = edge.ws(await params());
    void subscribe(client);
    void subscribe(client);
    void subscribe(second);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const fourth = await subscribe(client);
    expect(fourth.next?.errors?.[0]).toMatchObject({ message: 'you have 3 subscriptions open, the limit; close one before opening another', extensions: { code: 'SUBSCRIPTION_LIMIT', limit: 3 } });

    const closes: Array<{ code: number; reason: string }> = [];
    const extra = edge.ws(await params(), { onClose: (event) => closes.push(event) });
    const refused = await subscribe(extra);
    expect(refused.next).toBeUndefined();
    expect(closes[0]).toMatchObject({ code: 4429, reason: 'more than 2 open sockets for one principal, the limit' });
  });
});
