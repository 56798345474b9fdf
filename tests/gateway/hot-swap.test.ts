import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector, type ConnectorDefinition } from '../../connectors/index.ts';
import { DEPARTMENTS } from '../../connectors/sample-city/index.ts';
import communityWorkersSpec from '../../connectors/sample-city/simulators/systems/community-workers.ts';
import { createCityHub, type CityHub } from '../../gateway/hub.ts';
import type { Logger } from '../../gateway/logger.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../support/department-system.ts';

const definition = DEPARTMENTS.find((d) => d.manifest.id === 'community-workers')!;
// A second version of the same connector: the same system, a changed description.
const versionWith = (description: string): ConnectorDefinition =>
  defineConnector({
    ...definition.manifest,
    catalogue: { ...definition.manifest.catalogue, CommunityWorker: { ...definition.manifest.catalogue.CommunityWorker!, description } },
  });

const QUERY = '{ communityWorkers(first: 3) { workerId name } }';

describe('hot swap of a connector', () => {
  let system: DepartmentSystem;
  let hub: CityHub;
  let url: string;
  const events: string[] = [];
  const logger: Logger = { debug: () => {}, info: (message) => events.push(message), warn: (message) => events.push(`WARN ${message}`), error: (message) => events.push(`ERROR ${message}`) };

  beforeAll(async () => {
    system = await startDepartmentSystem(definition, communityWorkersSpec);
    hub = await createCityHub({ definitions: [definition], env: { CITYHUB_COMMUNITY_WORKERS_URL: system.endpoint }, logger, probeIntervalMs: 0 });
    url = `${await hub.listen(0)}/graphql`;
  });
  afterAll(async () => {
    await hub?.close();
    await system?.close();
  });

  const post = async (query: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
  };
  const descriptionServed = async () =>
    (await post('{ __type(name: "CommunityWorker") { description } }')).body.data.__type.description as string;

  it('serves the new version at once, and closes the old connector only after the request running on it finished', async () => {
    const generation = hub.registry.generation;
    system.rest!.setDelay(400);
    const calls = system.rest!.calls.length;
    const running = post(QUERY);
    // The slow request has reached the legacy system through the old connector.
    while (system.rest!.calls.length === calls) await new Promise((resolve) => setTimeout(resolve, 5));
    system.rest!.setDelay(0);
    const update = await hub.registry.update([versionWith('Swapped in while a request ran.')]);
    expect(update).toMatchObject({ generation: generation + 1, replaced: ['community-workers'], added: [], removed: [] });
    expect(update.swapMs).toBeLessThan(1_000);
    // The served description is the manifest's, followed by who owns the type.
    expect(await descriptionServed()).toMatch(/^Swapped in while a request ran\.\n\nOwned by /);
    expect(hub.registry.draining()).toEqual([{ generation, inFlight: 1 }]);
    const closed = () => events.some((event) => event.startsWith(`connector community-workers of generation ${generation} closed`));
    expect(closed()).toBe(false);
    // Halfway through the legacy system's answer, the old connector is still open.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed()).toBe(false);
    expect(hub.registry.draining()).toEqual([{ generation, inFlight: 1 }]);

    const result = await running;
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.communityWorkers).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed()).toBe(true);
    expect(hub.registry.draining()).toEqual([]);
  });

  it('keeps a connector whose manifest did not change open across a swap', async () => {
    const before = hub.registry.connectors[0];
    const update = await hub.registry.update([hub.registry.connectors[0]!.manifest].map((manifest) => defineConnector(manifest)));
    expect(update).toMatchObject({ kept: ['community-workers'], replaced: [] });
    expect(hub.registry.connectors[0]).toBe(before);
  });

  it('answers every request while the connector is swapped ten times under load', async () => {
    let stop = false;
    const failures: unknown[] = [];
    let answered = 0;
    const client = async () => {
      while (!stop) {
        const result = await post(QUERY);
        if (result.status !== 200 || result.body.errors || result.body.data?.communityWorkers?.length !== 3) failures.push(result);
        answered++;
      }
    };
    const clients = Array.from({ length: 6 }, client);
    for (let swap = 0; swap < 10; swap++) {
      await hub.registry.update([versionWith(`Version ${swap}.`)]);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    stop = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    // Requests ran during the swaps (how many depends on the machine's load).
    expect(answered).toBeGreaterThan(10);
    expect(await descriptionServed()).toMatch(/^Version 9\.\n\nOwned by /);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hub.registry.draining()).toEqual([]);
  });

  it('keeps serving the previous schema when a new set does not compose, and refuses an id given twice', async () => {
    const generation = hub.registry.generation;
    await expect(hub.registry.update([definition, definition])).rejects.toThrow(/connector id "community-workers" is registered twice/);
    expect(hub.registry.generation).toBe(generation);
    expect((await post(QUERY)).body.data.communityWorkers).toHaveLength(3);
  });

  it('serves an empty city schema, saying so, when every connector is removed', async () => {
    const update = await hub.registry.update([]);
    expect(update.removed).toEqual(['community-workers']);
    const result = await post('{ _noConnectors }');
    expect(result.body).toEqual({ data: { _noConnectors: true } });
    await hub.registry.update([definition]);
    expect((await post(QUERY)).body.data.communityWorkers).toHaveLength(3);
  });
});
