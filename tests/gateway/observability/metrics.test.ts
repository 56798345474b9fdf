import { makeExecutableSchema } from '@graphql-tools/schema';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createHubMetrics, useMetrics } from '../../../gateway/observability/metrics.ts';

const schema = makeExecutableSchema({
  typeDefs: 'type Query { resident(phone: String!): String, broken: String }',
  resolvers: { Query: { resident: (_: unknown, { phone }: { phone: string }) => `resident ${phone}`, broken: () => { throw new Error('down'); } } },
});

function yogaWith(token?: string) {
  const metrics = createHubMetrics();
  const yoga = createYoga({ schema, logging: false, plugins: [useMetrics({ metrics, ...(token ? { token } : {}) })] });
  const ask = (query: string, variables?: Record<string, unknown>) =>
    yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { metrics, yoga, ask };
}

describe('Prometheus metrics', () => {
  it('counts operations by name and outcome and times them, never putting a value in a label', async () => {
    const { yoga, ask, metrics } = yogaWith('s3cret');
    await ask('query FindResident($phone: String!) { resident(phone: $phone) }', { phone: '13812345678' });
    await ask('query Broken { broken }');
    await ask('{ resident(phone: "13987654321") }');
    metrics.recordConnectorCall('elderly-registry', 'ElderlyResident');
    metrics.recordPolicyDecision('field-masked', 'ElderlyResident', 3);
    metrics.setBreakerState('community-workers', 'open');
    const response = await yoga.fetch('http://yoga/metrics', { headers: { authorization: 'Bearer s3cret' } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('cityhub_graphql_requests_total{operation="FindResident",outcome="ok"} 1');
    expect(text).toContain('cityhub_graphql_requests_total{operation="Broken",outcome="error"} 1');
    expect(text).toContain('cityhub_graphql_requests_total{operation="anonymous",outcome="ok"} 1');
    expect(text).toContain('cityhub_graphql_request_duration_seconds_count{operation="FindResident"} 1');
    expect(text).toContain('cityhub_connector_calls_total{connector="elderly-registry",type="ElderlyResident"} 1');
    expect(text).toContain('cityhub_policy_decisions_total{kind="field-masked",type="ElderlyResident"} 3');
    expect(text).toContain('cityhub_connector_breaker_state{connector="community-workers"} 2');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('13987654321');
  });

  it('refuses /metrics without its token, and does not serve it when no token is set', async () => {
    const { yoga } = yogaWith('s3cret');
    const refused = await yoga.fetch('http://yoga/metrics', { headers: { authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'GET /metrics needs "Authorization: Bearer <CITYHUB_METRICS_TOKEN>"' });
    const off = await yogaWith().yoga.fetch('http://yoga/metrics');
    expect(off.status).toBe(404);
    expect(await off.json()).toEqual({ error: 'metrics are off: set CITYHUB_METRICS_TOKEN to serve them' });
  });
});

describe('metrics of a running hub', () => {
  it('counts each connector read and each operation, served at /metrics over HTTP', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startSampleCity } = await import('../../../connectors/sample-city/index.ts');
    const { createCityHub, createLogger } = await import('../../../gateway/index.ts');
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-metrics-'));
    const city = await startSampleCity({ dataDir, only: ['admin-divisions'] });
    const hub = await createCityHub({ definitions: city.definitions, env: city.env, dataDir, logger: createLogger('silent'), probeIntervalMs: 0, metricsToken: 'ops-token' });
    try {
      const url = await hub.listen(0);
      const answer = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Districts { districts(first: 2) { code } }' }) });
      expect(answer.status).toBe(200);
      const text = await (await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer ops-token' } })).text();
      expect(text).toContain('cityhub_graphql_requests_total{operation="Districts",outcome="ok"} 1');
      expect(text).toMatch(/cityhub_connector_calls_total\{connector="admin-divisions",type="District"\} [1-9]/);
    } finally {
      await hub.close();
      await city.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
