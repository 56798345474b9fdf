import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_HEADER } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A socket whose token had expired kept receiving events with no close code. */
describe('attack: expired token on an open socket', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub({ only: ['admin-divisions', 'air-quality'] });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('closes the socket with 4401 the moment its token expires, with the subscription open', async () => {
    const closes: Array<{ code: number; reason: string }> = [];
    const token = await edge.token('districtOfficer', { expiresInSeconds: 2 });
    const client = edge.ws({ authorization: `Bearer ${token}`, [PURPOSE_HEADER]: 'city-operations' }, { onClose: (event) => closes.push(event) });
    const ended = new Promise<unknown>((resolve) => {
      client.subscribe({ query: 'subscription { airQualityReadings { stationId } }' }, { next: () => {}, error: resolve, complete: () => resolve('complete') });
    });
    const began = Date.now();
    await ended;
    // `exp` is in whole seconds: it passes within 2 s of minting.
    expect(Date.now() - began).toBeLessThan(4_000);
    expect(closes[0]).toMatchObject({ code: 4401, reason: 'the token expired; reconnect with a fresh token' });
  });
});
