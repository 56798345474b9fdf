import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS, SAMPLE_CITY_LATENCY_ENV } from '../../connectors/sample-city/index.ts';
import buildingModelsSpec from '../../connectors/sample-city/simulators/systems/building-models.ts';
import { createRemoteCallSigner, loadRemoteCallKey } from '../../gateway/index.ts';
import { startCli, type RunningCli } from '../support/cli.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../support/department-system.ts';

// A real hub process and real `serve-connector` processes, each answering a request that is
// still running when SIGTERM arrives: it must complete with 200, new connections must be
// refused from then on, and the process must exit 0 within a few seconds.
// building-models is a GraphQL system (Apollo Server), whose own SIGTERM handling once failed
// the requests in flight with 502; its manifest's timeout is 1000 ms, the latency below it.
const LATENCY_MS = 400;
const QUERY = '{ buildings(first: 2) { buildingId name } }';
const EXIT_WITHIN_MS = 5_000;

// Private: one request on a fresh TCP connection (fetch would reuse a pooled one).
function freshConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { agent: false, headers: { connection: 'close' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

// Private: sends SIGTERM while `slow` is running, and checks the drain.
async function expectDrain(cli: RunningCli, baseUrl: string, slow: Promise<Response>) {
  let respondedAt = Infinity;
  const answered = slow.then((response) => {
    respondedAt = Date.now();
    return response;
  });
  // The request reaches the legacy system, which answers after LATENCY_MS.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const signalledAt = Date.now();
  cli.child.kill('SIGTERM');
  await cli.waitFor(/SIGTERM received/);
  // From the signal on, a new connection is refused (the running request still runs).
  let refused: unknown;
  for (const started = Date.now(); !refused && Date.now() - started < 2_000; ) {
    refused = await freshConnection(`${baseUrl}/healthz`).then(
      () => new Promise((resolve) => setTimeout(() => resolve(undefined), 20)),
      (error: unknown) => error,
    );
  }
  expect((refused as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNREFUSED');
  const response = await answered;
  // It was running when the signal came, and it completed.
  expect(respondedAt).toBeGreaterThan(signalledAt);
  const body = (await response.json()) as { data?: any; errors?: unknown };
  expect({ status: response.status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  expect(body.data.buildings).toHaveLength(2);
  expect(await cli.exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(EXIT_WITHIN_MS);
}

describe('SIGTERM drains the running requests of real processes', { timeout: 120_000 }, () => {
  let cli: RunningCli | undefined;
  afterEach(async () => {
    if (cli && cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
    cli = undefined;
  });

  it('cityhub start --sample-city finishes a running request with 200, refuses new connections and exits 0', async () => {
    cli = startCli(['start', '--sample-city', '--only', 'building-models'], { env: { PORT: '0', [SAMPLE_CITY_LATENCY_ENV]: String(LATENCY_MS) } });
    const [, url] = (await cli.waitFor(/GraphiQL at (http:\/\/127\.0\.0\.1:\d+)\/graphql/, 90_000))!;
    // No token: open data, as an open-data app reads it.
    const slow = fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    await expectDrain(cli, url!, slow);
    expect(cli.output()).toContain('SIGTERM received: finishing running requests, then stopping');
  });

  describe('cityhub serve-connector', () => {
    let hubDir: string;
    let system: DepartmentSystem | undefined;
    beforeAll(async () => {
      hubDir = mkdtempSync(join(tmpdir(), 'cityhub-drain-hub-'));
      await loadRemoteCallKey({ dataDir: hubDir });
    });
    afterAll(async () => {
      await system?.close();
      rmSync(hubDir, { recursive: true, force: true });
    });
    // Each call carries a fresh short-lived JWT the hub signed for the connector, as the gateway sends it.
    const sign = async () => `Bearer ${await createRemoteCallSigner({ dataDir: hubDir }).sign('building-models')}`;
    // The hub probes /readyz (again while it fails) before it sends queries: the GraphQL connector checks the remote schema at its first probe.
    const ask = async (url: string): Promise<{ slow: Promise<Response> }> => {
      let ready = 0;
      for (const started = Date.now(); ready !== 200 && Date.now() - started < 10_000; ) ready = (await fetch(new URL('/readyz', url), { headers: { authorization: await sign() } })).status;
      expect(ready).toBe(200);
      const authorization = await sign();
      return { slow: fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: QUERY }) }) };
    };

    it('with --sample-city: finishes a running request with 200, refuses new connections and exits 0', async () => {
      cli = startCli(['serve-connector', 'building-models', '--sample-city', '--port', '0', '--hub-jwks', join(hubDir, 'hub-jwks.json')], {
        env: { [SAMPLE_CITY_LATENCY_ENV]: String(LATENCY_MS) },
      });
      const [, url] = (await cli.waitFor(/CITYHUB_REMOTE_BUILDING_MODELS_URL=(http:\/\/127\.0\.0\.1:\d+)\/graphql/, 60_000))!;
      await expectDrain(cli, url!, (await ask(`${url}/graphql`)).slow);
    });

    it("without --sample-city (the department's own legacy system): the same", async () => {
      const definition = DEPARTMENTS.find((candidate) => candidate.manifest.id === 'building-models')!;
      system = await startDepartmentSystem(definition, buildingModelsSpec);
      system.graphql!.setDelay(LATENCY_MS);
      cli = startCli(['serve-connector', 'building-models', '--port', '0', '--hub-jwks', join(hubDir, 'hub-jwks.json')], {
        env: { [definition.manifest.source.endpointEnv as string]: system.endpoint },
      });
      const [, url] = (await cli.waitFor(/CITYHUB_REMOTE_BUILDING_MODELS_URL=(http:\/\/127\.0\.0\.1:\d+)\/graphql/, 60_000))!;
      await expectDrain(cli, url!, (await ask(`${url}/graphql`)).slow);
    });
  });
});
