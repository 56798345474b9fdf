import { DEFAULT_OPERATION_LIMITS, DEFAULT_ROLE_LIMITS } from '../../gateway/limits/edge-config.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

describe('the city hub over real HTTP', () => {
  let hub: TestHub;
  beforeAll(async () => {
    // Ungoverned, every caller is anonymous: give them the officers' cost limit for the city-wide reads.
    hub = await startTestHub({ edge: { limits: { ...DEFAULT_OPERATION_LIMITS, cost: DEFAULT_ROLE_LIMITS.officer!.cost! } } });
  });
  afterAll(async () => {
    await hub.close();
  });
  beforeEach(() => {
    hub.upstreamCalls.length = 0;
    for (const simulator of hub.city.rest.values()) {
      simulator.calls.length = 0;
      simulator.setDelay(0);
      simulator.setFailure(null);
    }
  });

  it('answers a street with its elderly residents and their assigned community workers, across three systems', async () => {
    const { model } = hub.city;
    const street = model.streets.find((s) => s.code === '310106013')!;
    const residents = new Map(model.residents.map((r) => [r.personId, r]));
    const workers = new Map(model.workers.map((w) => [w.workerId, w]));
    const expected = model.elderly
      .filter((e) => residents.get(e.personId)!.streetCode === street.code)
      .sort((a, b) => a.personId.localeCompare(b.personId));
    expect(expected.length).toBeGreaterThan(5);

    const response = await hub.query(`
      query StreetElderly($code: AdminCode!) {
        street(code: $code) {
          code name district { name }
          elderlyResidents { personId name phone livesAlone assignedWorker { workerId name role } }
        }
      }`, { code: street.code });

    expect(response.errors).toBeUndefined();
    expect(response.data.street.name).toBe('曹家渡街道');
    expect(response.data.street.district.name).toBe('静安区');
    const got = response.data.street.elderlyResidents;
    expect(got.map((r: any) => r.personId)).toEqual(expected.map((e) => e.personId));
    for (const [index, elder] of expected.entries()) {
      const resident = residents.get(elder.personId)!;
      const worker = workers.get(elder.assignedWorkerId)!;
      expect(got[index]).toEqual({
        personId: elder.personId,
        name: resident.name,
        phone: resident.phone,
        livesAlone: elder.livesAlone,
        assignedWorker: { workerId: worker.workerId, name: worker.name, role: worker.role },
      });
    }
  });

  it('makes at most one call per source per level for 200 residents', async () => {
    const response = await hub.query(`{
      elderlyResidents(first: 200) { personId careLevel assignedWorker { name onDuty } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.elderlyResidents).toHaveLength(200);
    expect(response.data.elderlyResidents.every((r: any) => typeof r.assignedWorker.name === 'string')).toBe(true);

    // Level 1: the registry's root list. Level 2: one batch of worker ids to the workers API.
    expect(hub.upstreamCalls.map((call) => call.connector).sort()).toEqual(['community-workers', 'elderly-registry']);
    const workerCalls = hub.city.rest.get('community-workers')!.calls;
    expect(workerCalls).toHaveLength(1);
    const distinctWorkers = new Set(response.data.elderlyResidents.map((r: any) => r.assignedWorker.name)).size;
    expect(workerCalls[0]!.query.ryid!.split(',').length).toBeGreaterThanOrEqual(distinctWorkers);
  });

  it('batches nested lists of every district into one call per source and level', async () => {
    const response = await hub.query(`{
      districts(first: 16) { code streets { code communities { code grids { code } } } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.districts).toHaveLength(16);
    const grids = response.data.districts.flatMap((d: any) => d.streets.flatMap((s: any) => s.communities.flatMap((c: any) => c.grids)));
    expect(grids).toHaveLength(hub.city.model.grids.length);
    const perConnector = hub.upstreamCalls.reduce<Record<string, number>>((counts, call) => {
      counts[call.connector] = (counts[call.connector] ?? 0) + 1;
      return counts;
    }, {});
    // districts, streets, communities: three levels in one system; grids: one level in another.
    expect(perConnector).toEqual({ 'admin-divisions': 3, grids: 1 });
  });

  it('answers null with an error naming the connector when its legacy system fails, and keeps the rest', async () => {
    hub.city.rest.get('community-workers')!.setFailure(503);
    const response = await hub.query(`{
      street(code: "310106013") { name communityWorkers { name } elderlyResidents { personId } }
    }`);
    expect(response.data.street.name).toBe('曹家渡街道');
    expect(response.data.street.elderlyResidents.length).toBeGreaterThan(0);
    expect(response.data.street.communityWorkers).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'community-workers' });
    expect(response.errors![0]!.message).toContain('community-workers');
    expect(response.errors![0]!.path).toEqual(['street', 'communityWorkers']);
  });

  it('answers UPSTREAM_TIMEOUT when a legacy system is slower than its manifest allows', async () => {
    hub.city.rest.get('community-workers')!.setDelay(3_500);
    const started = Date.now();
    const response = await hub.query(`{ street(code: "310106013") { name communityWorkers { name } } }`);
    expect(Date.now() - started).toBeLessThan(3_400 + 1_000);
    expect(response.data.street).toEqual({ name: '曹家渡街道', communityWorkers: null });
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'community-workers', timeoutMs: 3_000 });
  });

  it('refuses a page size beyond the maximum with an error naming the argument', async () => {
    const response = await hub.query(`{ elderlyResidents(first: 5000) { personId } }`);
    expect(response.data).toEqual({ elderlyResidents: null });
    expect(response.errors![0]).toMatchObject({
      message: 'first must be an integer from 1 to 1000, received 5000',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  });

  it('refuses a malformed administrative code before any system is called', async () => {
    const response = await hub.query(`{ street(code: "31-01") { name } }`);
    expect(response.status).toBe(400);
    expect(response.errors![0]!.message).toContain('AdminCode');
    expect(hub.upstreamCalls).toHaveLength(0);
  });

  it('hides the internal lookup fields from the city schema', async () => {
    const response = await hub.query(`{ __schema { queryType { fields { name } } } }`);
    const names = response.data.__schema.queryType.fields.map((f: any) => f.name);
    expect(names).toContain('elderlyResidents');
    expect(names.filter((name: string) => name.startsWith('_'))).toEqual([]);
  });

  it('reports liveness and per-connector readiness', async () => {
    const live = await fetch(`${hub.url}/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; connectors: Array<{ id: string; state: string }> };
    expect(body.status).toBe('ready');
    // Every system of the sample city, in registration order.
    expect(body.connectors.map((c) => [c.id, c.state])).toEqual(hub.city.definitions.map((d) => [d.manifest.id, 'ready']));
    expect(body.connectors.slice(0, 4).map((c) => c.id)).toEqual(['admin-divisions', 'grids', 'elderly-registry', 'community-workers']);
  });

  it('turns not ready, naming the connector, when a legacy system stops answering its probe', async () => {
    hub.city.rest.get('community-workers')!.setFailure(500);
    await hub.hub.registry.probeAll();
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { connectors: Array<{ id: string; state: string; error?: string }> };
    expect(body.connectors.find((c) => c.id === 'community-workers')).toMatchObject({ state: 'unavailable', error: 'UPSTREAM_UNAVAILABLE' });
    hub.city.rest.get('community-workers')!.setFailure(null);
    await hub.hub.registry.probeAll();
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
  });
});
