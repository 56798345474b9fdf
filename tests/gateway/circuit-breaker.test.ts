import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedHub, type GovernedHub } from '../support/governed-hub.ts';
import { answerRows, OPERATOR_ROWS, startHostileLegacySystem, TOWER_ROWS, towerConnectors, type HostileLegacySystem } from '../support/hostile-legacy.ts';

// Long enough that the fail-fast checks run before it passes on a loaded machine.
const OPEN_MS = 2_000;

/**
 * The per-connector circuit breaker, over a legacy system on loopback that goes down: after
 * two consecutive failures the operators connector stops calling it, fails fast, shows the
 * breaker open in `/readyz`, and closes again on the first call after `openMs` that succeeds.
 */
describe('the circuit breaker of a failing connector', () => {
  let legacy: HostileLegacySystem;
  let hub: GovernedHub;
  const operatorCalls = () => legacy.calls.filter((call) => call.startsWith('/operators')).length;
  const breakerOf = async (id: string) => {
    // The breaker's failures and retry time are in the operator's answer (a platform-admin token).
    const body = (await (await fetch(`${hub.url}/readyz`, { headers: { authorization: `Bearer ${await hub.token('platformAdmin')}` } })).json()) as { connectors: Array<{ id: string; breaker?: { state: string; failures: number } }> };
    return body.connectors.find((connector) => connector.id === id)!.breaker;
  };

  beforeAll(async () => {
    legacy = await startHostileLegacySystem({ '/towers': answerRows(TOWER_ROWS), '/operators': answerRows(OPERATOR_ROWS) });
    hub = await startGovernedHub({ definitions: towerConnectors({ circuitBreaker: { failureThreshold: 2, openMs: OPEN_MS } }), env: { LEGACY_URL: legacy.url } });
  });
  afterAll(async () => {
    await hub?.close();
    await legacy?.close();
  });

  it('opens after repeated failures, fails fast without calling the system, and closes on a successful probe', async () => {
    expect(await breakerOf('operators')).toEqual({ state: 'closed', failures: 0 });
    legacy.routes.set('/operators', (_request, response) => void response.writeHead(503).end());
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const failed = await hub.queryAs('streetOfficer', '{ operators { name } }');
      expect(failed.errors).toMatchObject([{ extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'operators', status: 503 } }]);
    }
    const callsWhenOpened = operatorCalls();
    expect(await breakerOf('operators')).toMatchObject({ state: 'open', failures: 2, retryAt: expect.any(String) });

    // Open: answered at once, the legacy system is not called, the other connector still serves.
    const fast = await hub.queryAs('streetOfficer', '{ towers { towerId } operators { name } }');
    expect(fast.status).toBe(200);
    expect(fast.data.towers).toHaveLength(2);
    expect(fast.errors).toMatchObject([
      { path: ['operators'], message: expect.stringContaining('circuit breaker is open'), extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'operators', breaker: 'open' } },
    ]);
    expect(operatorCalls()).toBe(callsWhenOpened);
    expect((await breakerOf('towers'))?.state).toBe('closed');

    // After openMs one call goes through: the system is back, so the breaker closes.
    legacy.routes.set('/operators', answerRows(OPERATOR_ROWS));
    await new Promise((resolve) => setTimeout(resolve, OPEN_MS + 50));
    expect((await breakerOf('operators'))?.state).toBe('half-open');
    const probed = await hub.queryAs('streetOfficer', '{ operators { name } }');
    expect(probed.errors).toBeUndefined();
    expect(probed.data.operators).toEqual([{ name: '城东通信' }]);
    expect(operatorCalls()).toBe(callsWhenOpened + 1);
    expect(await breakerOf('operators')).toEqual({ state: 'closed', failures: 0 });
  });

  it('opens again when the half-open probe fails', async () => {
    legacy.routes.set('/operators', (_request, response) => void response.writeHead(503).end());
    await hub.queryAs('streetOfficer', '{ operators { name } }');
    await hub.queryAs('streetOfficer', '{ operators { name } }');
    expect((await breakerOf('operators'))?.state).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, OPEN_MS + 50));
    const before = operatorCalls();
    const probe = await hub.queryAs('streetOfficer', '{ operators { name } }');
    expect(probe.errors).toMatchObject([{ extensions: { code: 'UPSTREAM_UNAVAILABLE', status: 503 } }]);
    expect(operatorCalls()).toBe(before + 1);
    expect((await breakerOf('operators'))?.state).toBe('open');
    const fast = await hub.queryAs('streetOfficer', '{ operators { name } }');
    expect(fast.errors).toMatchObject([{ extensions: { breaker: 'open' } }]);
    expect(operatorCalls()).toBe(before + 1);
  });
  it("is not opened by failing health probes, and closes at once on the registry's successful probe", async () => {
    legacy.routes.set('/operators', answerRows(OPERATOR_ROWS));
    await hub.hub.registry.probeAll();
    expect((await breakerOf('operators'))?.state).toBe('closed');
    legacy.routes.set('/operators', (_request, response) => void response.writeHead(503).end());
    for (let probe = 0; probe < 3; probe += 1) await hub.hub.registry.probeAll();
    expect(await breakerOf('operators')).toEqual({ state: 'closed', failures: 0 });
    await hub.queryAs('streetOfficer', '{ operators { name } }');
    await hub.queryAs('streetOfficer', '{ operators { name } }');
    expect((await breakerOf('operators'))?.state).toBe('open');
    legacy.routes.set('/operators', answerRows(OPERATOR_ROWS));
    await hub.hub.registry.probeAll();
    expect(await breakerOf('operators')).toEqual({ state: 'closed', failures: 0 });
    expect((await hub.queryAs('streetOfficer', '{ operators { name } }')).data.operators).toEqual([{ name: '城东通信' }]);
  });
});
