import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnector, defineConnector, ManifestError } from '../../../../connectors/index.ts';
import { buildCsvTable, indexedFields, queryCsvTable, type CsvTable } from '../../../../connectors/kinds/csv/csv-table.ts';
import { readCsvRecords } from '../../../../connectors/kinds/csv/csv-records.ts';
import { formatCsv, writeCsvDrop } from '../../../../connectors/sample-city/simulators/csv-drop.ts';
import { busNetwork, busOperationsManifest, connectBusOperations, run, STOP_COLUMNS, type BusConnector } from './bus-operations.ts';

describe('the csv source kind', () => {
  let dir: string;
  const open: BusConnector[] = [];
  const connect = (...args: Parameters<typeof connectBusOperations>) => {
    const connector = connectBusOperations(...args);
    open.push(connector);
    return connector;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-csv-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((connector) => connector.adapter.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a GBK export with Chinese headers and converts every column to its declared type', async () => {
    const network = busNetwork();
    writeCsvDrop(dir, [network.routes, network.stops]);
    const { schema } = connect(dir);
    const result = await run(schema, `{ busStops(first: 2) { stopId name routeId streetCode sequence sheltered location { lat lng } updatedAt } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.busStops).toEqual([
      { stopId: 'R001-01', name: 'v1 1路第1站, "东"', routeId: 'R001', streetCode: '440304001', sequence: 1, sheltered: true, location: { lat: 22.5, lng: 114 }, updatedAt: null },
      { stopId: 'R001-02', name: 'v1 1路第2站, "东"', routeId: 'R001', streetCode: '440304002', sequence: 2, sheltered: false, location: { lat: 22.501, lng: 114 }, updatedAt: '2026-03-01T22:00:00.000Z' },
    ]);
  });

  it('costs one read of each file and one source call for the stops of a list of routes', async () => {
    const network = busNetwork(12, 5);
    writeCsvDrop(dir, [network.routes, network.stops]);
    const { schema, adapter, reads } = connect(dir);
    const result = await run(schema, `{ busRoutes(first: 100) { routeId lengthKm stops { stopId sequence } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.busRoutes).toHaveLength(12);
    for (const route of result.data.busRoutes) {
      expect(route.stops.map((s: any) => s.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect(route.stops.every((s: any) => s.stopId.startsWith(route.routeId))).toBe(true);
    }
    expect(reads).toEqual(['BusRoute', 'BusStop']);
    // Further queries are answered from memory: the files are read once.
    await run(schema, `{ busRoutes { routeId stops { stopId } } busStop(stopId: "R003-02") { name } }`);
    expect(adapter.health().files.BusStop!.loads).toBe(1);
    expect(adapter.health().files.BusRoute!.loads).toBe(1);
  });

  it('filters by equality and jurisdiction scope', async () => {
    const network = busNetwork(6, 6);
    writeCsvDrop(dir, [network.routes, network.stops]);
    const { schema } = connect(dir);
    const result = await run(schema, `{ busStops(within: "440305", where: { sheltered: true }, first: 1000) { stopId streetCode sheltered } }`);
    expect(result.errors).toBeUndefined();
    const expected = network.stops.rows.filter((row) => String(row.街道编码).startsWith('440305') && row.有无候车亭 === '是').map((row) => row.站点编号);
    expect(expected.length).toBeGreaterThan(3);
    expect(result.data.busStops.map((s: any) => s.stopId)).toEqual(expected);
    const page = await run(schema, `{ busStops(where: { streetCode: "440304001" }, first: 2, offset: 1) { stopId } }`);
    const all = network.stops.rows.filter((row) => row.街道编码 === '440304001').map((row) => row.站点编号);
    expect(page.data.busStops.map((s: any) => s.stopId)).toEqual(all.slice(1, 3));
  });

  it('skips malformed rows, reports each with its line number, and serves the rest', async () => {
    const network = busNetwork(2, 3);
    const good = formatCsv(network.stops).trimEnd().split('\r\n');
    const lines = [
      ...good.slice(0, 2), // header (line 1) and one row (line 2)
      'R009-01,"跨行的\n站名",R009,440304001,1,是,22.5,114.0,', // lines 3-4: a quoted field spanning two lines
      'R009-02,少一列,R009,440304001,2,是,22.5,114.0', // line 5: 8 fields
      'R009-03,"坏"引号,R009,440304001,3,是,22.5,114.0,', // line 6: broken quoting
      'R009-04,站序不是数,R009,440304001,第四,是,22.5,114.0,', // line 7: Int column holds 第四
      good[1]!, // line 8: repeats the key of line 2
      '', // line 9: empty, skipped
      'R009-05,"没闭合的引号,R009,440304001,5,是,22.5,114.0,', // line 10: a quote never closed
      ...good.slice(2), // lines 11-12
    ];
    writeFileSync(join(dir, '公交站点.csv'), iconv.encode(lines.join('\r\n'), 'gbk'));
    writeCsvDrop(dir, [network.routes]);
    const { schema, adapter } = connect(dir);
    const result = await run(schema, `{ busStops(first: 100) { stopId name } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.busStops.map((s: any) => s.stopId)).toEqual(['R001-01', 'R009-01', 'R001-02', 'R001-03', 'R002-01', 'R002-02', 'R002-03']);
    expect(result.data.busStops[1].name).toBe('跨行的\n站名');
    const report = adapter.health().files.BusStop!;
    expect(report.lastLoad!.rows).toBe(7);
    expect(report.lastLoad!.rejectedCount).toBe(5);
    expect(report.lastLoad!.rejected.map((r) => r.line)).toEqual([5, 6, 7, 8, 10]);
    const reasons = Object.fromEntries(report.lastLoad!.rejected.map((r) => [r.line, r.reason]));
    expect(reasons[5]).toBe('has 8 fields, the header has 9');
    expect(reasons[6]).toMatch(/not valid CSV/);
    expect(reasons[7]).toContain('BusStop.sequence');
    expect(reasons[8]).toBe('repeats the stopId "R001-01" of line 2');
    expect(reasons[10]).toBe('opens a quoted field that is never closed');
    await expect(connectBusOperations(dir).adapter.probe(AbortSignal.timeout(1000))).resolves.toBeUndefined();
  });

  it('reloads a file when its modification time changes, and not otherwise', async () => {
    const v1 = busNetwork(3, 2, 1);
    writeCsvDrop(dir, [v1.routes, v1.stops]);
    const { schema, adapter } = connect(dir);
    expect((await run(schema, `{ busStop(stopId: "R001-01") { name } }`)).data.busStop.name).toMatch(/^v1 /);
    for (let i = 0; i < 5; i += 1) await run(schema, `{ busStop(stopId: "R001-01") { name } }`);
    expect(adapter.health().files.BusStop!.loads).toBe(1);

    // Rewritten in place with the same size: only the modification time tells.
    const path = join(dir, '公交站点.csv');
    const v2 = busNetwork(3, 2, 2);
    writeFileSync(path, iconv.encode(formatCsv(v2.stops), 'gbk'), { flag: 'r+' });
    const later = new Date(Date.now() + 5_000);
    utimesSync(path, later, later);
    expect((await run(schema, `{ busStop(stopId: "R001-01") { name } }`)).data.busStop.name).toMatch(/^v2 /);
    expect(adapter.health().files.BusStop!.loads).toBe(2);
  });

  it('reloads every refreshSeconds without any query', async () => {
    const network = busNetwork(2, 2);
    writeCsvDrop(dir, [network.routes, network.stops]);
    const { adapter } = connect(dir, { refreshSeconds: 1 });
    await adapter.reload();
    expect(adapter.health().files.BusStop!.loads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(adapter.health().files.BusStop!.loads).toBe(2);
    expect(adapter.health().files.BusRoute!.loads).toBe(2);
  });

  it('never lets a query see half a file while reloads swap versions underneath', async () => {
    // Version v has 5 + v % 7 stops per route, the first one included.
    writeCsvDrop(dir, [busNetwork(4, 6, 1).routes, busNetwork(4, 6, 1).stops]);
    const { schema, adapter } = connect(dir);
    await adapter.reload();
    let version = 1;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        version += 1;
        // Each version has a different number of stops, all named after their version.
        writeCsvDrop(dir, [busNetwork(4, 5 + (version % 7), version).stops]);
        await adapter.reload('BusStop');
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const seen = new Set<string>();
    const readers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 40; i += 1) {
        const result = await run(schema, `{ busStops(first: 1000) { name } r: busRoute(routeId: "R002") { stops { name } } }`);
        expect(result.errors).toBeUndefined();
        const versions = new Set(result.data.busStops.map((s: any) => s.name.split(' ')[0]));
        expect(versions.size).toBe(1);
        const [v] = versions as Set<string>;
        seen.add(v!);
        expect(result.data.busStops).toHaveLength(4 * (5 + (Number(v!.slice(1)) % 7)));
        const nested = new Set(result.data.r.stops.map((s: any) => s.name.split(' ')[0]));
        expect(nested.size).toBe(1);
      }
    });
    await Promise.all(readers);
    stop = true;
    await writer;
    expect(seen.size).toBeGreaterThan(2);
    expect(adapter.health().files.BusStop!.loads).toBeGreaterThan(3);
  });

  it('indexes the key, the filters and the fields links join on, so a batch is a lookup', async () => {
    const network = busNetwork(400, 50); // 20,000 stops
    const { manifest } = defineConnector(busOperationsManifest());
    expect(indexedFields(manifest, 'BusStop').sort()).toEqual(['routeId', 'sheltered', 'stopId', 'streetCode']);
    const table = await buildCsvTable(manifest, 'BusStop', '公交站点.csv', readCsvRecords([formatCsv(network.stops)], { delimiter: ',' }));
    expect(table.rows).toHaveLength(20_000);
    // Count the rows a query looks at.
    let inspected = 0;
    const counted: CsvTable = { ...table, typed: new Proxy(table.typed as Array<Readonly<Record<string, unknown>>>, { get: (target, key, receiver) => {
      if (typeof key === 'string' && /^\d+$/.test(key)) inspected += 1;
      return Reflect.get(target, key, receiver);
    } }) };
    const byKey = queryCsvTable(counted, { type: 'BusStop', in: { field: 'stopId', values: ['R007-03', 'R399-50', 'NONE'] } });
    expect(byKey.map((row) => row['站点编号'])).toEqual(['R007-03', 'R399-50']);
    expect(inspected).toBe(2);
    inspected = 0;
    const byRoute = queryCsvTable(counted, { type: 'BusStop', in: { field: 'routeId', values: ['R010', 'R011'] }, equals: { sheltered: true } });
    expect(byRoute).toHaveLength(50);
    expect(inspected).toBe(100);
    inspected = 0;
    // A field without an index is a scan.
    queryCsvTable(counted, { type: 'BusStop', equals: { name: 'v1 3路第1站, "东"' } });
    expect(inspected).toBe(20_000);
  });

  it('reports UPSTREAM_UNAVAILABLE when the file is missing, and UPSTREAM_BAD_RESPONSE when the header lacks a column', async () => {
    const network = busNetwork(2, 2);
    writeCsvDrop(dir, [network.routes]);
    const { schema } = connect(dir);
    const missing = await run(schema, `{ busStops { stopId } }`);
    expect(missing.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'bus-operations-test', file: '公交站点.csv' });
    expect(missing.errors![0]!.message).toContain('ENOENT');
    expect(missing.errors![0]!.message).not.toContain(dir);

    // A GBK export read as UTF-8 garbles the Chinese header.
    writeCsvDrop(dir, [network.stops]);
    const { schema: misread } = connect(dir, { encoding: 'utf-8' });
    const garbled = await run(misread, `{ busStops { stopId } }`);
    expect(garbled.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', missingColumns: STOP_COLUMNS });
    expect(garbled.errors![0]!.message).toContain('read as utf-8');
  });

  it('keeps serving the last whole file when a reload fails, and reports the failure in its probe and health', async () => {
    const network = busNetwork(2, 2);
    writeCsvDrop(dir, [network.routes, network.stops]);
    const { schema, adapter } = connect(dir);
    await adapter.probe(AbortSignal.timeout(1000));
    writeCsvDrop(dir, [{ ...network.stops, columns: STOP_COLUMNS.filter((c) => c !== '站序') }]);
    const result = await run(schema, `{ busStops { stopId sequence } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.busStops).toHaveLength(4);
    expect(adapter.health().files.BusStop!.error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(adapter.health().files.BusStop!.loads).toBe(1);
    await expect(adapter.probe(AbortSignal.timeout(1000))).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_BAD_RESPONSE', file: '公交站点.csv' } });
    // The broken version is not read again for every query.
    await run(schema, `{ busStops { stopId } }`);
    expect(adapter.health().files.BusStop!.loads).toBe(1);

    writeCsvDrop(dir, [network.stops]);
    await adapter.probe(AbortSignal.timeout(1000));
    expect(adapter.health().files.BusStop!.error).toBeUndefined();
    expect(adapter.health().files.BusStop!.loads).toBe(2);
  });

  it('reports an empty file, a directory endpoint without a file name, and a drop that disappears after loading', async () => {
    const network = busNetwork(2, 2);
    writeCsvDrop(dir, [network.routes, network.stops]);
    writeFileSync(join(dir, '公交线路.csv'), '');
    const { schema, adapter } = connect(dir);
    const empty = await run(schema, `{ busRoutes { routeId } }`);
    expect(empty.errors![0]!.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(empty.errors![0]!.message).toContain('is empty');

    const routesOnly = busOperationsManifest({ files: { BusRoute: { encoding: 'utf-8' } } }) as any;
    delete routesOnly.catalogue.BusStop;
    routesOnly.links = [];
    const unnamed = createConnector(defineConnector(routesOnly), { env: { CITYHUB_TEST_BUS_OPERATIONS_DIR: dir }, dataDir: '.' });
    const refused = await run(unnamed.schema, `{ busRoutes { routeId } }`);
    expect(refused.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(refused.errors![0]!.message).toContain('source.files.BusRoute.file names no file');
    await unnamed.close();

    expect((await run(schema, `{ busStops { stopId } }`)).data.busStops).toHaveLength(4);
    rmSync(join(dir, '公交站点.csv'));
    const stale = await run(schema, `{ busStops { stopId } }`);
    expect(stale.data.busStops).toHaveLength(4);
    expect(adapter.health().files.BusStop!.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('ENOENT') });
    writeCsvDrop(dir, [network.routes]);
    await expect(adapter.probe(AbortSignal.timeout(1000))).rejects.toMatchObject({
      message: expect.stringContaining('the last load of 公交站点.csv failed'),
      extensions: { code: 'UPSTREAM_UNAVAILABLE', file: '公交站点.csv' },
    });
  });

  it('reads a one-type connector from an endpoint naming the file itself, and refuses a file for several types', async () => {
    const network = busNetwork(2, 2);
    const written = writeCsvDrop(dir, [network.routes, network.stops]);
    const routesOnly = busOperationsManifest({ files: { BusRoute: { encoding: 'utf-8' } } }) as any;
    delete routesOnly.catalogue.BusStop;
    routesOnly.links = [];
    const connector = createConnector(defineConnector(routesOnly), { env: { CITYHUB_TEST_BUS_OPERATIONS_DIR: written['公交线路.csv']! }, dataDir: '.' });
    try {
      const result = await run(connector.schema, `{ busRoute(routeId: "R002") { name lengthKm } }`);
      expect(result).toEqual({ data: { busRoute: { name: '2路', lengthKm: 10.25 } }, errors: undefined });
    } finally {
      await connector.close();
    }
    const { schema } = connect(written['公交线路.csv']!);
    const refused = await run(schema, `{ busRoutes { routeId } }`);
    expect(refused.errors![0]!.message).toContain('CITYHUB_TEST_BUS_OPERATIONS_DIR names a file, but the connector reads 2 files');
  });

  it('reports UPSTREAM_TIMEOUT with the connector id when the file cannot be read within the timeout', async () => {
    const fifo = join(dir, '公交线路.csv');
    execFileSync('mkfifo', [fifo]);
    const { schema } = connect(dir, {}, { timeoutMs: 150 });
    const started = Date.now();
    const result = await run(schema, `{ busRoutes { routeId } }`);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'bus-operations-test', timeoutMs: 150 });
    // Release the blocked read: open the pipe for writing and close it (end of file).
    closeSync(openSync(fifo, 'w'));
  });
});

describe('csv manifest validation', () => {
  it('names a type without a file, a file for an unknown type, and a file used twice', () => {
    const manifest = busOperationsManifest({ files: { BusStop: {}, BusRoute: { file: 'a.csv' }, Depot: { file: 'a.csv' } } });
    let error: unknown;
    try {
      defineConnector(manifest);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const paths = (error as ManifestError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['source.files.BusStop.file', 'source.files.Depot']));
  });

  it('refuses a file name that leaves the drop directory, an unknown encoding, and a zero refresh', () => {
    const manifest = busOperationsManifest({ files: { BusStop: { file: '../etc/passwd' }, BusRoute: { file: 'r.csv' } }, encoding: 'big5', refreshSeconds: 0 });
    expect(() => defineConnector(manifest)).toThrow(ManifestError);
    try {
      defineConnector(manifest);
    } catch (error) {
      expect((error as ManifestError).issues.map((issue) => issue.path).sort()).toEqual(['source.encoding', 'source.files.BusStop.file', 'source.refreshSeconds']);
    }
  });
});
