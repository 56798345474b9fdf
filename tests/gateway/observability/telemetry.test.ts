import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector } from '../../../connectors/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../../gateway/governance/index.ts';
import { openHubStores, type HubStores } from '../../../gateway/store-database.ts';
import { generateDevKeyPair, mintToken, PERSONAS, PURPOSE_HEADER, type DevKeyPair, type PersonaName } from '../../../governance/index.ts';
import { answerRows, hang, OPERATOR_ROWS, startHostileLegacySystem, TOWER_ROWS, towerConnectors, type HostileLegacySystem } from '../../support/hostile-legacy.ts';

/** A tower of another street: the street officer's row policy hides it. */
const OTHER_STREET_TOWER = { TID: 'T9', JD: '310107001', GD: 20, YYS: 'O1', DH: '13700001111' };
/** Every value the legacy system holds that is personal or identifies a record. */
const PERSONAL = ['13812345678', '13987654321', '13700001111'];
const VALUES = [...PERSONAL, 'T1', 'T2', 'T9', '城东通信'];
const METRICS_TOKEN = 'ops-telemetry-token';

/**
 * A governed, audited hub over two REST connectors, with every operator feature on: the
 * metrics token, an in-memory span exporter, and a logger writing its JSON lines to the test.
 * `towers` answers; `operators` hangs past its 300 ms timeout, which opens its breaker
 * (failure threshold 1).
 */
describe('operator telemetry of a running hub', () => {
  let dir: string;
  let legacy: HostileLegacySystem;
  let stores: HubStores;
  let hub: CityHub;
  let url: string;
  let keys: DevKeyPair;
  const spans = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const lines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-telemetry-'));
    legacy = await startHostileLegacySystem({ '/towers': answerRows([...TOWER_ROWS, OTHER_STREET_TOWER]), '/operators': hang });
    keys = await generateDevKeyPair();
    stores = await openHubStores({ dataDir: dir, audit: true });
    const [towers, operators] = towerConnectors({ timeoutMs: 300, circuitBreaker: { failureThreshold: 1, openMs: 60_000 } });
    // The keeper's phone shared with every government principal, masked for those outside the department.
    const tower = towers!.manifest.catalogue.Tower!;
    const maskedTowers = defineConnector({ ...towers!.manifest, catalogue: { Tower: { ...tower, fields: { ...tower.fields, keeperPhone: { ...tower.fields.keeperPhone!, sharing: 'unconditional' } } } } });
    hub = await createCityHub({
      definitions: [maskedTowers, operators!],
      env: { LEGACY_URL: legacy.url },
      dataDir: dir,
      logger: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }),
      probeIntervalMs: 0,
      startupTimeoutMs: 0,
      graphiql: false,
      governance: { identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE }, agreements: stores.agreements },
      audit: stores.audit!,
      metricsToken: METRICS_TOKEN,
      tracing: { tracerProvider: provider },
    });
    url = await hub.listen(0);
  });

  afterAll(async () => {
    await hub?.close();
    await stores?.close();
    await legacy?.close();
    await provider.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (persona: PersonaName | 'forged', query: string, variables?: Record<string, unknown>) => {
    const authorization = persona === 'forged' ? 'Bearer not.a.token' : `Bearer ${await mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE })}`;
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization, [PURPOSE_HEADER]: persona === 'forged' ? 'x' : PERSONAS[persona].purposes[0]! },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[]; extensions?: { requestId?: string } } };
  };
  const scrape = async () => (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const requestLines = () => lines.map((line) => JSON.parse(line) as Record<string, any>).filter((line) => line.msg === 'GraphQL request');

  // One set of requests for every check below, sent in order.
  let masked: Awaited<ReturnType<typeof ask>>;
  let timedOut: Awaited<ReturnType<typeof ask>>;
  let fastFailed: Awaited<ReturnType<typeof ask>>;
  let withheld: Awaited<ReturnType<typeof ask>>;
  let refused: Awaited<ReturnType<typeof ask>>;
  beforeAll(async () => {
    // Street officer, no agreement: keeperPhone is masked, the other street's tower hidden.
    masked = await ask('streetOfficer', 'query StreetTowers($id: ID!) { tower(towerId: $id) { height } towers { towerId keeperPhone } }', { id: 'T2' });
    // The operators system hangs: a timeout, which opens its breaker.
    timedOut = await ask('streetOfficer', 'query TowerOperators { towers { towerId operator { name } } }');
    // The breaker is open: the read fails fast.
    fastFailed = await ask('streetOfficer', 'query TowerOperators { towers { towerId operator { name } } }');
    // An app developer may not read a conditional field: it is withheld.
    withheld = await ask('appDeveloper', 'query DeveloperTowers { towers { towerId keeperPhone } }');
    refused = await ask('forged', 'query Forged { towers { towerId } }');
  }, 30_000);

  it('answers the requests as governance and the failing system say', () => {
    expect(masked.status).toBe(200);
    // The other street's tower is hidden (the source is narrowed to the officer's street), the phones masked.
    expect(masked.body.data.towers.map((tower: { towerId: string }) => tower.towerId)).toEqual(['T1', 'T2']);
    for (const tower of masked.body.data.towers) expect(PERSONAL).not.toContain(tower.keeperPhone);
    expect(timedOut.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'operators' });
    expect(fastFailed.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'operators', breaker: 'open' });
    expect(withheld.body.errors?.some((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(refused.status).toBe(401);
  });

  it('records every metric the real requests caused on /metrics', async () => {
    const text = await scrape();
    expect(text).toContain('cityhub_graphql_requests_total{operation="StreetTowers",outcome="ok"} 1');
    expect(text).toContain('cityhub_graphql_requests_total{operation="TowerOperators",outcome="error"} 2');
    expect(text).toContain('cityhub_graphql_requests_total{operation="DeveloperTowers",outcome="denied"} 1');
    // Refused before GraphQL read its body: counted, without a name.
    expect(text).toContain('cityhub_graphql_requests_total{operation="anonymous",outcome="denied"} 1');
    expect(text).toContain('cityhub_graphql_request_duration_seconds_count{operation="StreetTowers"} 1');
    expect(text).toMatch(/cityhub_connector_calls_total\{connector="towers",type="Tower"\} [1-9]/);
    expect(text).toMatch(/cityhub_connector_read_duration_seconds_count\{connector="towers",outcome="ok"\} [1-9]/);
    expect(text).toContain('cityhub_connector_read_duration_seconds_count{connector="operators",outcome="timeout"} 1');
    expect(text).toContain('cityhub_connector_read_duration_seconds_count{connector="operators",outcome="error"} 1');
    expect(text).toContain('cityhub_connector_errors_total{connector="operators",code="UPSTREAM_TIMEOUT"} 1');
    expect(text).toContain('cityhub_connector_errors_total{connector="operators",code="UPSTREAM_UNAVAILABLE"} 1');
    expect(text).toContain('cityhub_connector_timeouts_total{connector="operators"} 1');
    expect(text).toContain('cityhub_connector_breaker_state{connector="operators"} 2');
    expect(text).toMatch(/cityhub_audit_append_duration_seconds_count\{outcome="ok"\} [1-9]/);
    expect(text).toContain('cityhub_audit_append_queue_depth 0');
    expect(text).toContain('cityhub_policy_decisions_total{kind="field-masked",type="Tower"} 1');
    expect(text).toContain('cityhub_policy_decisions_total{kind="field-withheld",type="Tower"} 1');
  });

  it('never puts a value read from a row or a variable in a metric label', async () => {
    const labelValues = [...(await scrape()).matchAll(/="([^"]*)"/g)].map((match) => match[1]!);
    expect(labelValues.length).toBeGreaterThan(20);
    for (const value of [...VALUES, '310106013']) expect(labelValues).not.toContain(value);
    for (const value of labelValues) expect(VALUES.some((personal) => value.includes(personal))).toBe(false);
  });

  it('traces each request with its connector reads as children, carrying ids, counts and codes only', () => {
    const finished = spans.getFinishedSpans();
    const requestSpan = (requestId: string | undefined) => finished.find((span) => span.name === 'POST /graphql' && span.attributes['cityhub.request_id'] === requestId);
    const childrenOf = (parent: ReadableSpan) => finished.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

    expect(masked.body.extensions?.requestId).toEqual(expect.any(String));
    const street = requestSpan(masked.body.extensions?.requestId)!;
    expect(street.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/graphql',
      'http.response.status_code': 200,
      'graphql.operation.name': 'StreetTowers',
      'graphql.operation.type': 'query',
      'cityhub.outcome': 'ok',
      'cityhub.policy.fields_masked': 1,
      'cityhub.policy.fields_withheld': 0,
    });
    // The row policy was pushed down to the source: no row was hidden at the gateway.
    expect(street.attributes['cityhub.policy.rows_filtered']).toBe(0);
    const reads = childrenOf(street);
    expect(reads.map((span) => span.name)).toEqual(['connector.read towers']);
    expect(reads[0]!.attributes).toMatchObject({ 'cityhub.connector.id': 'towers', 'cityhub.connector.type': 'Tower', 'cityhub.connector.rows': expect.any(Number) });
    expect(reads[0]!.spanContext().traceId).toBe(street.spanContext().traceId);

    const failed = requestSpan(timedOut.body.extensions?.requestId)!;
    expect(failed.attributes).toMatchObject({ 'cityhub.outcome': 'error', 'cityhub.error_code': 'UPSTREAM_TIMEOUT' });
    const operators = childrenOf(failed).find((span) => span.name === 'connector.read operators')!;
    expect(operators.attributes).toMatchObject({ 'cityhub.connector.id': 'operators', 'cityhub.error_code': 'UPSTREAM_TIMEOUT', 'cityhub.connector.batch_size': 1 });
    expect(operators.status.code).toBe(2); // SpanStatusCode.ERROR

    const forged = finished.find((span) => span.name === 'POST /graphql' && span.attributes['http.response.status_code'] === 401);
    expect(forged?.attributes['cityhub.outcome']).toBe('denied');

    const everything = JSON.stringify(finished.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })));
    for (const value of VALUES) expect(everything).not.toContain(value);
  });

  it('logs one JSON line per request whose request id is the audit entry’s and the response’s', async () => {
    await stores.audit!.flush();
    const logged = requestLines();
    expect(logged).toHaveLength(5);
    const street = logged.find((line) => line.operation === 'StreetTowers')!;
    expect(street).toMatchObject({ level: 'info', requestId: masked.body.extensions?.requestId, method: 'POST', outcome: 'ok', status: 200, latencyMs: expect.any(Number) });
    const page = await stores.audit!.search({ requestId: street.requestId });
    expect(page.entries.map((entry) => entry.operationName)).toEqual(['StreetTowers']);

    expect(logged.find((line) => line.requestId === timedOut.body.extensions?.requestId)).toMatchObject({ operation: 'TowerOperators', outcome: 'error', errorCode: 'UPSTREAM_TIMEOUT' });
    // A request refused before execution: its entry and its line share the id too.
    const forged = logged.find((line) => line.status === 401)!;
    expect(forged).toMatchObject({ outcome: 'denied', operation: 'anonymous' });
    expect((await stores.audit!.search({ requestId: forged.requestId })).entries).toMatchObject([{ outcome: 'denied', errorCode: 'UNAUTHENTICATED' }]);
    for (const value of PERSONAL) expect(lines.join('\n')).not.toContain(value);
  });
});
