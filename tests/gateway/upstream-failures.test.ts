import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGovernedHub, type GovernedHub } from '../support/governed-hub.ts';
import { answerRows, hang, OPERATOR_ROWS, startHostileLegacySystem, TOWER_ROWS, towerConnectors, type HostileLegacySystem } from '../support/hostile-legacy.ts';

/**
 * What a client reads when one department's system fails while another delivers: the hub in
 * process (as `npm start` runs it), two REST connectors over one small legacy system on
 * loopback, the towers served and the operators they reference timing out or down.
 */
describe('a source that fails beside one that delivers', () => {
  let legacy: HostileLegacySystem;
  let hub: GovernedHub;

  beforeAll(async () => {
    legacy = await startHostileLegacySystem();
    hub = await startGovernedHub({ definitions: towerConnectors({ timeoutMs: 300, circuitBreaker: { failureThreshold: 1000 } }), env: { LEGACY_URL: legacy.url } });
  });
  afterAll(async () => {
    await hub?.close();
    await legacy?.close();
  });
  beforeEach(() => {
    legacy.routes.set('/towers', answerRows(TOWER_ROWS));
    legacy.routes.set('/operators', answerRows(OPERATOR_ROWS));
  });

  it('serves the reference when both systems answer', async () => {
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId operator { name } } }');
    expect(response.errors).toBeUndefined();
    expect(response.data.towers).toEqual([
      { towerId: 'T1', operator: { name: '城东通信' } },
      { towerId: 'T2', operator: { name: '城东通信' } },
    ]);
  });

  it('answers a nested reference whose system times out with UPSTREAM_TIMEOUT naming it at its path, not FORBIDDEN, in a 200', async () => {
    legacy.routes.set('/operators', hang);
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId operator { name } } }');
    expect(response.status).toBe(200);
    expect(response.data.towers).toEqual([
      { towerId: 'T1', operator: null },
      { towerId: 'T2', operator: null },
    ]);
    expect(response.errors!.map((error) => error.extensions?.code)).not.toContain('FORBIDDEN');
    expect(response.errors!.map((error) => ({ path: error.path, code: error.extensions?.code, connector: error.extensions?.connector }))).toEqual([
      { path: ['towers', 0, 'operator'], code: 'UPSTREAM_TIMEOUT', connector: 'operators' },
      { path: ['towers', 1, 'operator'], code: 'UPSTREAM_TIMEOUT', connector: 'operators' },
    ]);
  });

  it('answers a nested reference whose system is down with UPSTREAM_UNAVAILABLE naming it', async () => {
    legacy.routes.set('/operators', (_request, response) => void response.writeHead(503).end());
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId operator { operatorId name } } }');
    expect(response.status).toBe(200);
    expect(response.errors!.map((error) => [error.path, error.extensions?.code, error.extensions?.connector])).toEqual([
      [['towers', 0, 'operator'], 'UPSTREAM_UNAVAILABLE', 'operators'],
      [['towers', 1, 'operator'], 'UPSTREAM_UNAVAILABLE', 'operators'],
    ]);
  });

  it('answers HTTP 200 with the delivered data and the failed root field null when one root source times out', async () => {
    legacy.routes.set('/operators', hang);
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId } operators { name } }');
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ towers: [{ towerId: 'T1' }, { towerId: 'T2' }], operators: null });
    expect(response.errors).toMatchObject([{ path: ['operators'], extensions: { code: 'UPSTREAM_TIMEOUT', connector: 'operators', timeoutMs: 300 } }]);
  });

  it('answers HTTP 200 with the delivered data when one root source fails', async () => {
    legacy.routes.set('/operators', (_request, response) => void response.writeHead(500).end());
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId } operators { name } }');
    expect(response.status).toBe(200);
    expect(response.data.towers).toHaveLength(2);
    expect(response.errors).toMatchObject([{ path: ['operators'], extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'operators' } }]);
  });
});
