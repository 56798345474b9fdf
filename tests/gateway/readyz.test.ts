import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector } from '../../connectors/index.ts';
import { startMqttBroker, type MqttBroker } from '../../connectors/sample-city/simulators/mqtt-broker.ts';
import { formatCsv, writeCsvDrop } from '../../connectors/sample-city/simulators/csv-drop.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { busNetwork, busOperationsManifest } from '../connectors/kinds/csv/bus-operations.ts';
import { waitFor } from '../connectors/kinds/mqtt/helpers.ts';
import { startGovernedHub, type GovernedHub } from '../support/governed-hub.ts';
import { RIVER_GAUGES_ENV, riverGauges } from '../connectors/kinds/mqtt/river-gauges.ts';

const OPS_TOKEN = 'ops-readyz-token';

describe('connector health details in /readyz', () => {
  let dir: string;
  let broker: MqttBroker;
  let hub: CityHub;
  let url: string;
  const topicRoot = 'readyz-test';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-readyz-'));
    const network = busNetwork(2, 3);
    const good = formatCsv(network.stops).trimEnd().split('\r\n');
    const lines = [
      ...good.slice(0, 3), // header (line 1), rows (lines 2-3)
      'R009-04,站序不是数,R009,440304001,第四,是,22.5,114.0,', // line 4: Int column holds 第四
      good[1]!, // line 5: repeats the key of line 2
      ...good.slice(3),
    ];
    writeFileSync(join(dir, '公交站点.csv'), iconv.encode(lines.join('\r\n'), 'gbk'));
    writeCsvDrop(dir, [network.routes]);
    broker = await startMqttBroker();
    hub = await createCityHub({
      definitions: [defineConnector(busOperationsManifest()), riverGauges(topicRoot)],
      env: { CITYHUB_TEST_BUS_OPERATIONS_DIR: dir, [RIVER_GAUGES_ENV]: `mqtt://gauge-user:s3cret-pass@${broker.url.slice('mqtt://'.length)}` },
      dataDir: dir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      metricsToken: OPS_TOKEN,
    });
    url = await hub.listen(0);
  });

  afterAll(async () => {
    await hub?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The operator's answer: the metrics token opens the details.
  const readyz = async (authorization: string | undefined = `Bearer ${OPS_TOKEN}`) => {
    const response = await fetch(`${url}/readyz`, authorization ? { headers: { authorization } } : {});
    return { status: response.status, text: await response.clone().text(), body: (await response.json()) as any };
  };
  const connector = (body: any, id: string) => body.connectors.find((entry: any) => entry.id === id);

  it('lists the rejected rows of a CSV drop with their line numbers, withholding the values they held', async () => {
    const { status, body, text } = await readyz();
    expect(status).toBe(200);
    const bus = connector(body, 'bus-operations-test');
    expect(bus.state).toBe('ready');
    const stops = bus.details.files.BusStop;
    expect(stops).toMatchObject({ file: '公交站点.csv', loads: 1, lastLoad: { rows: 6, rejectedCount: 2 } });
    expect(stops.lastLoad.rejected.map((rejection: any) => rejection.line)).toEqual([4, 5]);
    expect(stops.lastLoad.rejected[0].reason).toContain('BusStop.sequence');
    expect(stops.lastLoad.rejected[1].reason).toBe('repeats the stopId "…" of line 2');
    // The values the rows held never leave in the public report.
    expect(text).not.toContain('第四');
    expect(text).not.toContain('R001-01');
    expect(bus.details.files.BusRoute).toMatchObject({ file: '公交线路.csv', lastLoad: { rows: 2, rejectedCount: 0 } });
  });

  it('counts malformed MQTT payloads by type, showing the broker without its credentials', async () => {
    const client = await connectAsync(broker.url);
    try {
      await client.publishAsync(`${topicRoot}/water/level/ST01/reading`, 'not json', { qos: 1 });
      await client.publishAsync(`${topicRoot}/water/level/ST02/reading`, JSON.stringify({ XZQH: '310106013', SW: 'very high', JJSW: 5, CJSJ: '2026-07-01T08:00:00+08:00', BJ: 0 }), { qos: 1 });
    } finally {
      await client.endAsync();
    }
    let gauges: any;
    let text = '';
    await waitFor('two malformed payloads in /readyz', () => gauges?.details?.malformed?.total === 2, 5_000, async () => {
      const report = await readyz();
      text = report.text;
      gauges = connector(report.body, 'river-gauges');
    });
    expect(gauges.state).toBe('ready');
    expect(gauges.details).toMatchObject({ connected: true, received: 2, malformed: { total: 2, byType: { WaterLevelReading: 2 } } });
    expect(gauges.details.malformed.last).toMatchObject({ type: 'WaterLevelReading', topic: `${topicRoot}/water/level/ST02/reading` });
    expect(gauges.details.malformed.last.reason).toBe('Connector "river-gauges": WaterLevelReading.levelM (legacy "SW") of row "…" must be Float, received a value withheld here');
    expect(gauges.details.broker).toBe(broker.url);
    expect(text).not.toContain('very high');
    expect(text).not.toContain('s3cret-pass');
    expect(text).not.toContain('gauge-user');
  });
});

describe('the public and the operator answers of /readyz', () => {
  let dir: string;
  let broker: MqttBroker;
  let hub: GovernedHub;
  const topicRoot = 'readyz-public';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-readyz-public-'));
    broker = await startMqttBroker();
    hub = await startGovernedHub({
      definitions: [riverGauges(topicRoot)],
      env: { [RIVER_GAUGES_ENV]: `mqtt://gauge-user:s3cret-pass@${broker.url.slice('mqtt://'.length)}` },
      metricsToken: OPS_TOKEN,
    });
  });
  afterAll(async () => {
    await hub?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const readyz = async (authorization?: string) => {
    const response = await fetch(`${hub.url}/readyz`, authorization ? { headers: { authorization } } : {});
    return { status: response.status, text: await response.clone().text(), body: (await response.json()) as any };
  };

  it('keeps the public answer to states and counts, with no URL, broker or error text', async () => {
    const { status, body, text } = await readyz();
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ready', connectors: [{ id: 'river-gauges', state: 'ready' }], counts: { ready: 1 } });
    expect(text).not.toMatch(/:\/\//);
    expect(text).not.toContain(broker.url.slice('mqtt://'.length));
    expect(text).not.toContain('CITYHUB_');
  });

  it('gives the details to a platform-admin token and to the metrics token', async () => {
    for (const authorization of [`Bearer ${await hub.token('platformAdmin')}`, `Bearer ${OPS_TOKEN}`]) {
      const { body } = await readyz(authorization);
      expect(body).toMatchObject({ status: 'ready', detail: true, counts: { ready: 1 } });
      const gauges = body.connectors[0];
      expect(gauges).toMatchObject({ id: 'river-gauges', state: 'ready', checkedAt: expect.any(String), endpoint: { variable: RIVER_GAUGES_ENV }, breaker: { state: 'closed', failures: 0 } });
      expect(gauges.details.broker).toBe(broker.url);
    }
  });

  it('answers anyone else publicly: another role, an invalid token, a wrong metrics token', async () => {
    for (const authorization of [`Bearer ${await hub.token('caseWorker')}`, 'Bearer not-a-jwt', `Bearer ${OPS_TOKEN}x`, 'Basic b3BzOm9wcw==']) {
      const { status, body } = await readyz(authorization);
      expect(status).toBe(200);
      expect(body.detail).toBeUndefined();
      expect(body.connectors).toEqual([{ id: 'river-gauges', state: 'ready' }]);
    }
  });
});

describe('a source whose health report fails', () => {
  it('keeps /readyz answering, with the failure named instead of details', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityhub-readyz-failing-'));
    const { manifest, kind } = defineConnector(busOperationsManifest());
    // A source kind of the test's own: the csv kind whose health report throws.
    const failing = { ...kind, createAdapter: (...args: Parameters<typeof kind.createAdapter>) => ({ ...kind.createAdapter(...args), probe: async () => {}, health: () => { throw new RangeError('counter overflow'); } }) };
    const hub = await createCityHub({ definitions: [{ manifest, kind: failing }], env: { CITYHUB_TEST_BUS_OPERATIONS_DIR: dir }, dataDir: dir, logger: createLogger('silent'), probeIntervalMs: 0, metricsToken: OPS_TOKEN });
    try {
      const response = await fetch(`${await hub.listen(0)}/readyz`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body.connectors).toEqual([
        {
          id: 'bus-operations-test',
          state: 'ready',
          checkedAt: expect.any(String),
          detailsError: 'the source failed to report its health (RangeError)',
          breaker: { state: 'closed', failures: 0 },
          endpoint: { variable: 'CITYHUB_TEST_BUS_OPERATIONS_DIR' },
        },
      ]);
    } finally {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
