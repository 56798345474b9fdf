import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** CORS reflected any origin with credentials: any site could read the answers in a signed-in browser. */
describe('attack: cross-origin credentialed request', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub({ edge: { corsOrigins: ['https://screens.city.example'] } });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const preflight = (origin: string) =>
    edge.send({ method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });

  it('gives an origin outside the allow-list no CORS headers, preflight or request', async () => {
    const answer = await preflight('https://evil.example');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    const request = await edge.post('caseWorker', { query: '{ districts(first: 1) { code } }' }, { origin: 'https://evil.example' });
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the listed origin, credentials included, and only it', async () => {
    const answer = await preflight('https://screens.city.example');
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://screens.city.example');
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    const request = await edge.post('caseWorker', { query: '{ districts(first: 1) { code } }' }, { origin: 'https://screens.city.example' });
    expect(request.headers.get('access-control-allow-origin')).toBe('https://screens.city.example');
  });
});
