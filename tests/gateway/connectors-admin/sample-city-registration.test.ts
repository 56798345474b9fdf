import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../../connectors/sample-city/index.ts';
import { PERSONAS } from '../../../governance/index.ts';
import { SAMPLE_CITY_PRINCIPAL, startSampleHub, type RunningSampleHub } from '../../../gateway/start.ts';
import type { HubConfig } from '../../../gateway/config.ts';
import { runCli } from '../../support/cli.ts';

// Two systems of the sample city, a REST and a GraphQL one, started as `cityhub start --sample-city --only` does.
const ONLY = ['grids', 'building-models'];
const grids = DEPARTMENTS.find((d) => d.manifest.id === 'grids')!.manifest;

describe("the sample city's manifests go through the registry", { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-sample-registry-'));
  const config: HubConfig = { port: 0, host: '127.0.0.1', dataDir, scale: 'small', logLevel: 'silent', logFormat: 'json', development: false };
  let running: RunningSampleHub | undefined;
  afterAll(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const registryEvents = async (hub: RunningSampleHub) =>
    (await hub.stores.audit!.search({ principal: SAMPLE_CITY_PRINCIPAL.subject }, { first: 100 })).entries.map((entry) => entry.operationName ?? '').sort();

  it('registers and activates each manifest as the sample-city principal, audited, and serves them', async () => {
    running = await startSampleHub(config, { only: ONLY });
    const listed = await running.service.list(PERSONAS.platformAdmin);
    expect(listed.map((v) => [v.connectorId, v.version, v.state, v.submittedBy.subject, v.report.ok])).toEqual([
      ['building-models', 1, 'active', 'sample-city', true],
      ['grids', 1, 'active', 'sample-city', true],
    ]);
    // The full check ran on each: its probe and the composition included.
    expect(listed[0]!.report.ran).toEqual(['manifest', 'environment', 'probe', 'composition', 'governance']);
    expect(await registryEvents(running)).toEqual(['connectors.activate building-models@1', 'connectors.activate grids@1', 'connectors.register building-models@1', 'connectors.register grids@1']);
    const response = await fetch(`${running.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ buildings(first: 1) { buildingId } }' }) });
    expect(((await response.json()) as any).data.buildings).toHaveLength(1);
  });

  it('refuses a batch whose check fails, naming the manifest and its finding, and activates none of it', async () => {
    const broken = { ...grids, timeoutMs: -1 };
    await expect(running!.service.registerAll(SAMPLE_CITY_PRINCIPAL, [broken])).rejects.toThrow(/1 of 1 manifest\(s\) did not pass their check, so none of the batch is activated: grids@2: manifest timeoutMs: /);
    const versions = await running!.service.show(PERSONAS.platformAdmin, 'grids');
    expect(versions.map((v) => [v.version, v.state])).toEqual([[1, 'active'], [2, 'checked']]);
  });

  it("refuses a department's connector-admin a batch holding another department's connector", async () => {
    await expect(running!.service.registerAll(PERSONAS.connectorAdmin, [grids])).rejects.toThrow(/may not administer connector "grids" of Grid Management Centre/);
  });

  it('on a restart leaves the active versions as they are: no new version, no new registration', async () => {
    const before = await registryEvents(running!);
    await running!.close();
    running = await startSampleHub(config, { only: ONLY });
    const listed = await running.service.list(PERSONAS.platformAdmin);
    expect(listed.map((v) => [v.connectorId, v.version])).toEqual([['building-models', 1], ['grids', 2]]);
    expect((await running.service.show(PERSONAS.platformAdmin, 'grids')).map((v) => [v.version, v.state])).toEqual([[1, 'active'], [2, 'checked']]);
    expect((await registryEvents(running)).filter((name) => name.startsWith('connectors.register') || name.startsWith('connectors.activate'))).toEqual(
      before.filter((name) => name.startsWith('connectors.register') || name.startsWith('connectors.activate')),
    );
  });

  it('shows them to `cityhub connectors list`', async () => {
    await running!.close();
    running = undefined;
    const listed = await runCli(['connectors', 'list', '--as', 'platformAdmin'], { dataDir });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((v: { connectorId: string; state: string }) => v.connectorId)).toEqual(['building-models', 'grids']);
  });
});
