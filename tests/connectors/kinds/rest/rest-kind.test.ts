import { execute, parse } from 'graphql';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManifestError, createConnector, defineConnector, type UpstreamCall } from '../../../../connectors/index.ts';
import { startRestSimulator, type RestSimulator } from '../../../../connectors/sample-city/index.ts';

const STATIONS = Array.from({ length: 23 }, (_, i) => ({
  ZDBH: `ST${String(i + 1).padStart(3, '0')}`,
  ZDMC: `泵站${i + 1}`,
  SSJD: i % 2 === 0 ? '310106013' : '310107001',
  SJLL: i === 22 ? 'n/a' : 10 + i,
  YXZT: i % 3 === 0 ? 1 : 0,
}));

const manifest = (over: Record<string, unknown> = {}) => ({
  id: 'pump-stations',
  names: { zh: '泵站', en: 'Pump stations' },
  department: 'Water Authority',
  domain: 'water',
  timeoutMs: 500,
  source: {
    kind: 'rest',
    endpointEnv: 'PUMPS_URL',
    resources: {
      PumpStation: {
        path: '/api/bz/list',
        itemsPath: 'result.items',
        params: { stationId: 'zdbh' },
        pagination: { style: 'page', pageParam: 'page', sizeParam: 'size', pageSize: 5, totalPath: 'result.count' },
      },
    },
    ...over,
  },
  catalogue: {
    PumpStation: {
      key: 'stationId',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'running'],
      fields: {
        stationId: { type: 'ID', from: 'ZDBH', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'ZDMC', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'SSJD', sharing: 'open', sensitivity: 'public' },
        flow: { type: 'Float', from: 'SJLL', sharing: 'unconditional', sensitivity: 'internal' },
        running: { type: 'Boolean', from: 'YXZT', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
});

describe('the rest source kind', () => {
  let simulator: RestSimulator;
  let calls: UpstreamCall[];
  const run = async (query: string, env: Record<string, string> = { PUMPS_URL: simulator.url }, over?: Record<string, unknown>) => {
    const connector = createConnector(defineConnector(manifest(over)), { env, dataDir: '.', onUpstreamCall: (call) => calls.push(call) });
    try {
      return await execute({ schema: connector.schema, document: parse(query), contextValue: {} });
    } finally {
      await connector.close();
    }
  };

  beforeAll(async () => {
    simulator = await startRestSimulator({
      resources: [
        {
          path: '/api/bz/list',
          rows: STATIONS,
          filters: { zdbh: 'ZDBH' },
          pageParam: 'page',
          sizeParam: 'size',
          maxPageSize: 5,
          envelope: (rows, total) => ({ ok: true, result: { count: total, items: rows } }),
        },
      ],
    });
  });
  afterAll(() => simulator.close());
  beforeEach(() => {
    calls = [];
    simulator.calls.length = 0;
    simulator.setDelay(0);
    simulator.setFailure(null);
  });

  it('walks every page of a paginated list and filters where the API cannot', async () => {
    const result = await run(`{ pumpStations(first: 1000, where: { streetCode: "310106013" }) { stationId } }`);
    expect(result.errors?.[0]?.message).toContain('PumpStation.flow');
    const ok = await run(`{ pumpStations(first: 11, where: { streetCode: "310106013" }) { stationId name } }`);
    expect(ok.errors).toBeUndefined();
    expect((ok.data!.pumpStations as any[]).map((s) => s.stationId)).toEqual(['ST001', 'ST003', 'ST005', 'ST007', 'ST009', 'ST011', 'ST013', 'ST015', 'ST017', 'ST019', 'ST021']);
    expect(simulator.calls.filter((c) => c.path === '/api/bz/list').length).toBeGreaterThan(1);
  });

  it('filters a Boolean field it filters itself by its catalogue value, not the legacy spelling', async () => {
    const result = await run(`{ pumpStations(first: 50, where: { running: true }) { stationId running } }`);
    expect(result.errors).toBeUndefined();
    const running = STATIONS.filter((s) => s.YXZT === 1).map((s) => s.ZDBH);
    expect((result.data!.pumpStations as any[]).map((s) => s.stationId)).toEqual(running);
    expect(running.length).toBeGreaterThan(0);
  });

  it('sends a batch of keys in one request', async () => {
    const result = await run(`{ _lookupPumpStation(keys: ["ST002", "ST004", "ST404"]) { stationId flow } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!._lookupPumpStation).toEqual([{ stationId: 'ST002', flow: 11 }, { stationId: 'ST004', flow: 13 }, null]);
    expect(simulator.calls).toHaveLength(1);
    expect(simulator.calls[0]!.query).toMatchObject({ zdbh: 'ST002,ST004,ST404', page: '1', size: '5' });
    expect(calls).toEqual([{ connector: 'pump-stations', type: 'PumpStation', batchSize: 3 }]);
  });

  it('refuses a value that does not match the declared type, naming field and row', async () => {
    const result = await run(`{ pumpStation(stationId: "ST023") { flow } }`);
    expect(result.errors![0]!.message).toBe('Connector "pump-stations": PumpStation.flow (legacy "SJLL") of row "ST023" must be Float, received "n/a"');
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'pump-stations', type: 'PumpStation', field: 'flow' });
  });

  it('reports a server error as UPSTREAM_UNAVAILABLE', async () => {
    simulator.setFailure(500);
    const result = await run(`{ pumpStation(stationId: "ST001") { name } }`);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'pump-stations', status: 500 });
  });

  it('reports a client error as UPSTREAM_BAD_RESPONSE', async () => {
    simulator.setFailure(404);
    const result = await run(`{ pumpStation(stationId: "ST001") { name } }`);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', status: 404 });
  });

  it('reports rows missing from where the manifest says they are', async () => {
    const result = await run(`{ pumpStation(stationId: "ST001") { name } }`, undefined, {
      resources: { PumpStation: { path: '/api/bz/list', itemsPath: 'data.rows', params: { stationId: 'zdbh' } } },
    });
    expect(result.errors![0]!.message).toBe('Connector "pump-stations": GET /api/bz/list answered without a row array at "data.rows"');
  });

  it('times out a slow system with the manifest timeout', async () => {
    simulator.setDelay(1_500);
    const started = Date.now();
    const result = await run(`{ pumpStation(stationId: "ST001") { name } }`);
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'pump-stations', timeoutMs: 500 });
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE', async () => {
    const result = await run(`{ pumpStation(stationId: "ST001") { name } }`, { PUMPS_URL: 'http://127.0.0.1:9' });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'pump-stations' });
    expect(result.errors![0]!.message).toMatch(/^Connector "pump-stations": the legacy system is unavailable \(/);
  });

  it('reports a body that is not JSON as UPSTREAM_BAD_RESPONSE', async () => {
    const server = createServer((_, response) => response.end('<html>maintenance</html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await run(`{ pumpStation(stationId: "ST001") { name } }`, { PUMPS_URL: `http://127.0.0.1:${port}` });
      expect(result.errors![0]!.message).toBe('Connector "pump-stations": GET /api/bz/list did not answer JSON');
    } finally {
      server.close();
    }
  });

  it('refuses to start without its endpoint variable, naming it', () => {
    expect(() => createConnector(defineConnector(manifest()), { env: {}, dataDir: '.' })).toThrow(ManifestError);
    expect(() => createConnector(defineConnector(manifest()), { env: {}, dataDir: '.' })).toThrow(
      'Invalid manifest "pump-stations": source.endpointEnv: environment variable PUMPS_URL is not set',
    );
  });

  it('refuses filter parameters for fields the type does not have', () => {
    expect(() =>
      defineConnector(manifest({ resources: { PumpStation: { path: '/x', params: { colour: 'ys' } } } })),
    ).toThrow('source.resources.PumpStation.params.colour: colour is not a field of PumpStation');
  });
});
