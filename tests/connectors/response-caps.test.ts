import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, defineConnector, type Connector } from '../../connectors/index.ts';
import { startHostileLegacySystem, type HostileLegacySystem } from '../support/hostile-legacy.ts';

const MiB = 1024 * 1024;

const catalogue = {
  Sensor: {
    key: 'sensorId',
    jurisdiction: 'streetCode',
    fields: {
      sensorId: { type: 'ID', from: 'ID', sharing: 'open', sensitivity: 'public' },
      streetCode: { type: 'AdminCode', from: 'JD', sharing: 'open', sensitivity: 'public' },
    },
  },
} as const;

const manifest = (source: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  defineConnector({ id: 'sensors', names: { zh: '传感器', en: 'Sensors' }, department: 'Test Bureau', domain: 'test', source, catalogue, ...over });

async function run(connector: Connector, query = '{ sensors(first: 1000) { sensorId } }') {
  return execute({ schema: connector.schema, document: parse(query), contextValue: {} });
}

/** Each source kind's cap on what one call may bring back, and the timeout that holds for every kind. */
describe('response caps and timeouts of every source kind', () => {
  let dir: string;
  let legacy: HostileLegacySystem;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-caps-'));
    legacy = await startHostileLegacySystem();
  });
  afterAll(async () => {
    await legacy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a CSV drop larger than maxResponseBytes with UPSTREAM_BAD_RESPONSE naming the file', async () => {
    const file = join(dir, 'sensors.csv');
    writeFileSync(file, `ID,JD\n${'S1,310106013\n'.repeat(200_000)}`);
    const connector = createConnector(manifest({ kind: 'csv', endpointEnv: 'DROP', files: { Sensor: { file: 'sensors.csv' } } }, { maxResponseBytes: MiB }), { env: { DROP: dir }, dataDir: dir });
    try {
      const result = await run(connector);
      expect(result.data).toEqual({ sensors: null });
      expect(result.errors![0]!.message).toBe(`Connector "sensors": sensors.csv is larger than the connector's maxResponseBytes (${MiB} bytes): refused`);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'sensors', maxResponseBytes: MiB });
    } finally {
      await connector.close();
    }
  });

  it('refuses a SQL answer of more rows than maxResponseRows, asking the database for one row more only', async () => {
    const file = join(dir, 'sensors.sqlite');
    const db = new SQLite(file);
    db.exec('CREATE TABLE CGQ (ID TEXT PRIMARY KEY, JD TEXT)');
    const insert = db.prepare('INSERT INTO CGQ VALUES (?, ?)');
    for (let i = 0; i < 50; i += 1) insert.run(`S${String(i).padStart(3, '0')}`, '310106013');
    db.close();
    const connector = createConnector(manifest({ kind: 'sql', endpointEnv: 'DB', tables: { Sensor: 'CGQ' } }, { maxResponseRows: 20 }), { env: { DB: `sqlite:${file}` }, dataDir: dir });
    try {
      const within = await run(connector, '{ sensors(first: 20) { sensorId } }');
      expect(within.errors).toBeUndefined();
      expect(within.data!.sensors).toHaveLength(20);
      const over = await run(connector, '{ sensors(first: 50) { sensorId } }');
      expect(over.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'sensors', maxResponseRows: 20 });
      expect(over.errors![0]!.message).toBe(`Connector "sensors": the answer of CGQ is larger than the connector's maxResponseRows (20 rows): refused`);
    } finally {
      await connector.close();
    }
  });

  it('answers UPSTREAM_TIMEOUT for a synchronous SQLite query that blocked the event loop past the timeout, dropping its late rows', async () => {
    const file = join(dir, 'slow.sqlite');
    const db = new SQLite(file);
    // A legacy view that takes far longer than the timeout to compute.
    db.exec(`CREATE VIEW SLOW_CGQ AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT 'S' || max(x) AS ID, '310106013' AS JD FROM c`);
    db.close();
    const connector = createConnector(manifest({ kind: 'sql', endpointEnv: 'DB', tables: { Sensor: 'SLOW_CGQ' } }, { timeoutMs: 20 }), { env: { DB: `sqlite:${file}` }, dataDir: dir });
    try {
      const result = await run(connector);
      expect(result.data).toEqual({ sensors: null });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'sensors', timeoutMs: 20 });
    } finally {
      await connector.close();
    }
  });

  it('refuses a GraphQL service answer streaming past maxResponseBytes', async () => {
    legacy.routes.set('/graphql', async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.from('{"ID":"S1","JD":"310106013"},'.repeat(4096));
      let closed = false;
      response.on('close', () => (closed = true));
      response.write('{"data":{"rows":[');
      for (let sent = 0; !closed && sent < 64 * MiB; sent += chunk.length) {
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve).once('close', resolve));
      }
      response.end();
    });
    const source = {
      kind: 'graphql',
      endpointEnv: 'GQL',
      style: 'stitching',
      types: { Sensor: { list: { field: 'sensors' }, lookups: { sensorId: { field: 'sensorsById', argument: 'ids' } } } },
    };
    const connector = createConnector(manifest(source, { maxResponseBytes: MiB }), { env: { GQL: `${legacy.url}/graphql` }, dataDir: dir });
    try {
      await expect(connector.probe()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'sensors', maxResponseBytes: MiB } });
    } finally {
      await connector.close();
    }
  });
});
