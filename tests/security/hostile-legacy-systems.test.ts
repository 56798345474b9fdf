import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../gateway/index.ts';
import { startGovernedHub, type GovernedHub } from '../support/governed-hub.ts';
import { answerRows, OPERATOR_ROWS, startHostileLegacySystem, TOWER_ROWS, towerConnectors, type HostileHandler, type HostileLegacySystem } from '../support/hostile-legacy.ts';

const MiB = 1024 * 1024;

/** Streams `totalBytes` of a never-ending JSON array, honouring back-pressure, until the client hangs up. */
const streamForever = (totalBytes: number, prefix = '{"rows":['): HostileHandler => async (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write(prefix);
  const chunk = Buffer.from(`${JSON.stringify(TOWER_ROWS[0])},`.repeat(1024));
  let sent = 0;
  let closed = false;
  response.on('close', () => (closed = true));
  while (!closed && sent < totalBytes) {
    sent += chunk.length;
    if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve).once('close', resolve));
  }
  response.end();
};

/** What a department's failing database says when nobody masks it. */
const SQL_LEAK = 'ERROR: relation "RK_JBXX" does not exist at character 15 (pg 10.2.0.7:5432, user cityhub_ro)';

/**
 * Attacks by a hostile or broken legacy system on the hub, each over real HTTP on loopback
 * against a small legacy system that misbehaves on purpose.
 */
describe('hostile legacy systems', () => {
  let legacy: HostileLegacySystem;
  let hub: GovernedHub;
  const logged: unknown[][] = [];

  beforeAll(async () => {
    legacy = await startHostileLegacySystem();
    const logger: Logger = { ...createLogger('silent'), warn: (...args: unknown[]) => void logged.push(args) };
    hub = await startGovernedHub({ definitions: towerConnectors({ maxResponseBytes: MiB, circuitBreaker: { failureThreshold: 1000 } }), env: { LEGACY_URL: legacy.url }, logger });
  });
  afterAll(async () => {
    await hub?.close();
    await legacy?.close();
  });
  beforeEach(() => {
    legacy.routes.set('/towers', answerRows(TOWER_ROWS));
    legacy.routes.set('/operators', answerRows(OPERATOR_ROWS));
    logged.length = 0;
  });

  it('memory exhaustion: refuses an answer streaming 256 MiB past maxResponseBytes with UPSTREAM_BAD_RESPONSE, holding the hub to bounded memory', async () => {
    legacy.routes.set('/towers', streamForever(256 * MiB));
    const before = process.memoryUsage().rss;
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId } operators { name } }');
    const grown = process.memoryUsage().rss - before;
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ towers: null, operators: [{ name: '城东通信' }] });
    expect(response.errors).toMatchObject([
      {
        path: ['towers'],
        message: `Connector "towers": GET /towers is larger than the connector's maxResponseBytes (${MiB} bytes): refused`,
        extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'towers', maxResponseBytes: MiB },
      },
    ]);
    // The whole answer would have been 256 MiB; a generous bound, not a measurement.
    expect(grown).toBeLessThan(64 * MiB);
  });

  it('memory exhaustion: refuses an answer declaring a content-length over the cap before reading it', async () => {
    legacy.routes.set('/towers', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * MiB) });
      response.write('{"rows":[');
    });
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId } }');
    expect(response.errors).toMatchObject([{ path: ['towers'], extensions: { code: 'UPSTREAM_BAD_RESPONSE', maxResponseBytes: MiB } }]);
  });

  it('information disclosure: a 500 quoting SQL text and an internal host reaches the client as a stable code naming the connector', async () => {
    legacy.routes.set('/towers', (_request, response) => void response.writeHead(500, { 'content-type': 'text/plain' }).end(SQL_LEAK));
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId } }');
    expect(response.errors).toMatchObject([{ path: ['towers'], extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'towers', status: 500 } }]);
    const text = JSON.stringify(response);
    expect(text).not.toContain('RK_JBXX');
    expect(text).not.toContain('10.2.0.7');
  });

  it('poisoned rows: a malformed row answers one error for that row and the other rows are served', async () => {
    legacy.routes.set('/towers', answerRows([TOWER_ROWS[0], { ...TOWER_ROWS[1], GD: 'very tall' }, { ...TOWER_ROWS[0], TID: 'T3' }]));
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId height } }');
    expect(response.status).toBe(200);
    expect(response.data.towers).toEqual([{ towerId: 'T1', height: 30 }, null, { towerId: 'T3', height: 30 }]);
    expect(response.errors).toMatchObject([
      { path: ['towers', 1], extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'towers', type: 'Tower', field: 'height' } },
    ]);
  });

  it('poisoned rows: a malformed row behind a batched lookup fails only its own key', async () => {
    legacy.routes.set('/operators', answerRows([...OPERATOR_ROWS, { YID: 'O2', JD: '310106013', MC: 42 }]));
    legacy.routes.set('/towers', answerRows([TOWER_ROWS[0], { ...TOWER_ROWS[1], YYS: 'O2' }]));
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId operator { name } } }');
    expect(response.data.towers).toEqual([
      { towerId: 'T1', operator: { name: '城东通信' } },
      { towerId: 'T2', operator: null },
    ]);
    expect(response.errors).toMatchObject([{ path: ['towers', 1, 'operator'], extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'operators', field: 'name' } }]);
  });
});

/**
 * A department-hosted connector service (reached over HTTP) that answers with its raw
 * exception: SQL text, an internal host and `extensions.exception.stacktrace`.
 */
describe('a department connector service leaking its internals', () => {
  let service: HostileLegacySystem;
  let hub: GovernedHub;
  const logged: unknown[][] = [];

  beforeAll(async () => {
    service = await startHostileLegacySystem({
      '/graphql': (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            data: { towers: null },
            errors: [
              {
                message: SQL_LEAK,
                path: ['towers'],
                extensions: { code: 'INTERNAL_SERVER_ERROR', exception: { stacktrace: ['Error: ' + SQL_LEAK, '    at Pool.query (/srv/tower-service/db.js:42:7)'] } },
              },
            ],
          }),
        );
      },
    });
    const logger: Logger = { ...createLogger('silent'), warn: (...args: unknown[]) => void logged.push(args) };
    const [towers, operators] = towerConnectors();
    hub = await startGovernedHub({
      definitions: [towers!, operators!],
      env: { LEGACY_URL: 'http://127.0.0.1:9', CITYHUB_REMOTE_TOWERS_URL: `${service.url}/graphql` },
      logger,
    });
  });
  afterAll(async () => {
    await hub?.close();
    await service?.close();
  });

  it('information disclosure: answers UPSTREAM_UNAVAILABLE naming the connector, and keeps the text and stack trace for the log', async () => {
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId } }');
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ towers: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ message: 'Connector "towers": the department\'s connector service failed', path: ['towers'] });
    expect(response.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', connector: 'towers' });
    const text = JSON.stringify(response);
    for (const secret of ['RK_JBXX', '10.2.0.7', 'stacktrace', 'db.js']) expect(text).not.toContain(secret);
    expect(logged.some((entry) => String((entry[1] as Error)?.message).includes('RK_JBXX'))).toBe(true);
  });
});
