import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphql, printSchema } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type UpstreamCall } from '../../connectors/index.ts';
import type { JSONWebKeySet } from 'jose';
import { startGraphqlSimulator, startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import {
  composeCitySchema,
  createCityHub,
  createConnectorRegistry,
  createLogger,
  createRemoteCallSigner,
  createRemoteConnector,
  loadRemoteCallKey,
  remoteUrlVariable,
  startRemoteConnector,
  type CityHub,
  type RemoteConnectorServer,
} from '../../gateway/index.ts';

const silent = createLogger('silent');
const REMOTE_IDS = ['elderly-registry', 'community-workers'] as const;

const SCENARIO = /* GraphQL */ `
  query StreetElderly($code: AdminCode!) {
    street(code: $code) {
      code name district { name }
      elderlyResidents { personId name phone livesAlone careLevel registeredAt assignedWorker { workerId name role onDuty } }
    }
  }`;

async function post(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
}

describe('department-hosted connectors', () => {
  let dataDir: string;
  let city: SampleCity;
  const served = new Map<string, RemoteConnectorServer>();
  const remoteCalls: UpstreamCall[] = [];
  let local: CityHub;
  let remote: CityHub;
  let localUrl: string;
  let remoteUrl: string;
  // The hubs below sign their calls with the key under dataDir; the served connectors verify with its JWKS.
  let hubJwks: JSONWebKeySet;
  const signer = () => createRemoteCallSigner({ dataDir });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-remote-'));
    city = await startSampleCity({ dataDir });
    hubJwks = (await loadRemoteCallKey({ dataDir })).jwks;
    for (const id of REMOTE_IDS) {
      const definition = city.definitions.find((d) => d.manifest.id === id)!;
      served.set(id, await startRemoteConnector({ definition, hubJwks, env: city.env, dataDir, logger: silent, onUpstreamCall: (call) => remoteCalls.push(call) }));
    }
    local = await createCityHub({ definitions: city.definitions, env: city.env, dataDir, logger: silent, probeIntervalMs: 0 });
    // The gateway of the remote case has no endpoint of the two departments' legacy systems at all.
    const gatewayEnv: Record<string, string> = { ...city.env };
    delete gatewayEnv.CITYHUB_ELDERLY_REGISTRY_DB;
    delete gatewayEnv.CITYHUB_COMMUNITY_WORKERS_URL;
    gatewayEnv[remoteUrlVariable('elderly-registry')] = served.get('elderly-registry')!.url;
    remote = await createCityHub({
      definitions: city.definitions,
      env: gatewayEnv,
      dataDir,
      logger: silent,
      probeIntervalMs: 0,
      remote: { 'community-workers': served.get('community-workers')!.url },
    });
    localUrl = await local.listen(0);
    remoteUrl = await remote.listen(0);
  });
  afterAll(async () => {
    await local?.close();
    await remote?.close();
    await Promise.all([...served.values()].map((s) => s.close()));
    await city?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    remoteCalls.length = 0;
    for (const simulator of city.rest.values()) {
      simulator.calls.length = 0;
      simulator.setFailure(null);
    }
  });

  it('reaches the remote connectors named by the option and by CITYHUB_REMOTE_<ID>_URL', () => {
    expect(remoteUrlVariable('elderly-registry')).toBe('CITYHUB_REMOTE_ELDERLY_REGISTRY_URL');
    const urls = Object.fromEntries(remote.registry.connectors.map((c) => [c.id, (c as { url?: string }).url ?? null]));
    expect(urls).toEqual({
      'admin-divisions': null,
      grids: null,
      'elderly-registry': served.get('elderly-registry')!.url,
      'community-workers': served.get('community-workers')!.url,
      ...Object.fromEntries(Object.keys(urls).filter((id) => !['admin-divisions', 'grids', 'elderly-registry', 'community-workers'].includes(id)).map((id) => [id, null])),
    });
    expect(remote.registry.isReady()).toBe(true);
  });

  it('composes the same city schema as the in-process connectors', () => {
    expect(printSchema(remote.registry.schema)).toBe(printSchema(local.registry.schema));
    expect(printSchema(served.get('elderly-registry')!.connector.schema)).toBe(
      printSchema(local.registry.connectors.find((c) => c.id === 'elderly-registry')!.schema),
    );
  });

  it('answers the street → elderly residents → assigned worker scenario with the same data both ways', async () => {
    const variables = { code: '310106013' };
    const inProcess = await post(localUrl, SCENARIO, variables);
    const overHttp = await post(remoteUrl, SCENARIO, variables);
    expect(inProcess.errors).toBeUndefined();
    expect(overHttp.errors).toBeUndefined();
    expect(inProcess.data.street.elderlyResidents.length).toBeGreaterThan(5);
    expect(overHttp).toEqual(inProcess);
    // Both departments' systems were read by their own services, not by the gateway.
    expect(remoteCalls.map((call) => call.connector).sort()).toEqual(['community-workers', 'elderly-registry']);
  });

  it('batches on the remote side within a request and never shares loaded rows across requests', async () => {
    const query = `{ elderlyResidents(first: 200) { personId assignedWorker { name } } }`;
    for (let round = 1; round <= 2; round += 1) {
      const response = await post(remoteUrl, query);
      expect(response.errors).toBeUndefined();
      expect(response.data.elderlyResidents).toHaveLength(200);
      expect(remoteCalls.filter((call) => call.connector === 'community-workers')).toHaveLength(round);
      expect(city.rest.get('community-workers')!.calls).toHaveLength(round);
    }
  });

  it('keeps the code and connector id of an error raised by the remote connector', async () => {
    city.rest.get('community-workers')!.setFailure(500);
    const response = await post(remoteUrl, `{ street(code: "310106013") { name communityWorkers { name } } }`);
    expect(response.data.street).toEqual({ name: '曹家渡街道', communityWorkers: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({
      message: expect.stringContaining('Connector "community-workers"'),
      path: ['street', 'communityWorkers'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'community-workers' },
    });
  });

  it('turns a remote connector whose legacy system is down not ready, with its code', async () => {
    city.rest.get('community-workers')!.setFailure(500);
    await remote.registry.probeAll();
    expect(remote.registry.health().find((h) => h.id === 'community-workers')).toMatchObject({ state: 'unavailable', error: 'UPSTREAM_UNAVAILABLE' });
    const connector = remote.registry.connectors.find((c) => c.id === 'community-workers')!;
    await expect(connector.probe()).rejects.toThrow(/^Connector "community-workers": the remote connector is not ready \(GET \/api\/v1\/gzry\/list answered HTTP 500\)$/);
    city.rest.get('community-workers')!.setFailure(null);
    await remote.registry.probeAll();
    expect(remote.registry.isReady()).toBe(true);
  });

  it('answers UPSTREAM_UNAVAILABLE naming the connector when the remote connector does not answer', async () => {
    const definition = city.definitions.find((d) => d.manifest.id === 'community-workers')!;
    const gone = await startRemoteConnector({ definition, hubJwks, env: city.env, dataDir, logger: silent });
    await gone.close();
    const hub = await createCityHub({ definitions: city.definitions, env: city.env, dataDir, logger: silent, probeIntervalMs: 0, remote: { 'community-workers': gone.url } });
    try {
      expect(hub.registry.health().find((h) => h.id === 'community-workers')).toMatchObject({ state: 'unavailable', error: 'UPSTREAM_UNAVAILABLE' });
      const response = await hub.yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ street(code: "310106013") { name communityWorkers { name } } }` }),
      });
      const body = (await response.json()) as { data: any; errors: any[] };
      expect(body.data.street).toEqual({ name: '曹家渡街道', communityWorkers: null });
      expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'community-workers' });
    } finally {
      await hub.close();
    }
  });

  it('answers UPSTREAM_TIMEOUT naming the connector when the remote connector is too slow', async () => {
    const workers = city.definitions.find((d) => d.manifest.id === 'community-workers')!;
    const slow = await startGraphqlSimulator({ schema: served.get('community-workers')!.connector.schema });
    slow.setDelay(1_000);
    const connector = createRemoteConnector(workers, { url: slow.url, timeoutMs: 300, signer: signer() });
    try {
      const schema = composeCitySchema([connector]);
      const started = Date.now();
      const result = await graphql({ schema, source: '{ communityWorkers(first: 1) { name } }', contextValue: {} });
      expect(Date.now() - started).toBeLessThan(900);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'community-workers', timeoutMs: 300 });
    } finally {
      await connector.close();
      await slow.close();
    }
  });

  it('refuses at probe a remote connector that serves a different subgraph than its manifest', async () => {
    const grids = city.definitions.find((d) => d.manifest.id === 'grids')!;
    // A token for "grids" is refused by the elderly-registry service before anything else…
    const misrouted = createRemoteConnector(grids, { url: served.get('elderly-registry')!.url, signer: signer() });
    // (the service's own text stays in the log; the error names the connector and the code)
    await expect(misrouted.probe()).rejects.toMatchObject({ message: 'Connector "grids": the GraphQL service reported an error (UNAUTHENTICATED)' });
    await misrouted.close();
    // …and with a token it accepts, the probe finds the subgraph differs from the manifest.
    const own = signer();
    const connector = createRemoteConnector(grids, { url: served.get('elderly-registry')!.url, signer: { sign: () => own.sign('elderly-registry') } });
    await expect(connector.probe()).rejects.toMatchObject({
      message: expect.stringContaining('serves a subgraph that differs from its manifest'),
      extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'grids' },
    });
    await connector.close();
  });

  it('refuses a malformed remote URL and a remote entry for an unregistered connector', () => {
    const grids = city.definitions.find((d) => d.manifest.id === 'grids')!;
    expect(() => createRemoteConnector(grids, { url: 'ftp://10.0.0.1/graphql', signer: signer() })).toThrow('remote URL of connector "grids" must be an http(s) URL, received "ftp://10.0.0.1/graphql"');
    expect(() =>
      createConnectorRegistry({ definitions: [grids], runtime: { env: city.env, dataDir }, logger: silent, probeIntervalMs: 0, remote: { gridz: 'http://127.0.0.1:1/graphql' } }),
    ).toThrow('remote names connector "gridz", which is not registered');
  });

  it('masks unexpected errors of the remote connector and serves its readiness', async () => {
    const server = served.get('elderly-registry')!;
    const authorization = `Bearer ${await signer().sign('elderly-registry')}`;
    const ready = await fetch(new URL('/readyz', server.url), { headers: { authorization } });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', connector: 'elderly-registry' });
    const bad = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ elderlyResidents(first: 0) { personId } }' }) });
    const body = (await bad.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]).toMatchObject({ message: 'first must be an integer from 1 to 1000, received 0', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
