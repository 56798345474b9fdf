import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../../connectors/index.ts';
import { DEPARTMENTS } from '../../../connectors/sample-city/index.ts';
import communityWorkersSpec from '../../../connectors/sample-city/simulators/systems/community-workers.ts';
import { checkManifestOnly } from '../../../gateway/connectors-admin/manifest-check.ts';
import { createConnectorRegistryStore } from '../../../gateway/connectors-admin/registry-store.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../../gateway/governance/index.ts';
import { loadDevKeyPair, mintToken, PERSONAS, type Principal } from '../../../governance/index.ts';
import { startCli, type RunningCli } from '../../support/cli.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';
import { DIALECTS, serverUrl, type TestDatabase } from '../../support/servers.ts';

const postgres = serverUrl('CITYHUB_TEST_POSTGRES_URL') ? DIALECTS.find((dialect) => dialect.name === 'postgres') : undefined;
const workers = DEPARTMENTS.find((d) => d.manifest.id === 'community-workers')!;
const described = (description: string) => ({
  ...workers.manifest,
  catalogue: { ...workers.manifest.catalogue, CommunityWorker: { ...workers.manifest.catalogue.CommunityWorker!, description } },
});

describe.skipIf(!postgres)('two hub replicas on one PostgreSQL', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let system: DepartmentSystem;
  let dataDir: string;
  const replicas: Array<{ cli: RunningCli; url: string }> = [];
  let token: (principal: Principal) => Promise<string>;

  beforeAll(async () => {
    database = await postgres!.create();
    system = await startDepartmentSystem(workers, communityWorkersSpec);
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-replicas-'));
    // Both replicas verify the same development key pair, created once before they start.
    const keys = await loadDevKeyPair({ dataDir });
    token = (principal) => mintToken({ principal, keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE });
    const env = { PORT: '0', CITYHUB_DATABASE_URL: database.url, CITYHUB_COMMUNITY_WORKERS_URL: system.endpoint, CITYHUB_COMMUNITY_WORKERS_KEY: 'test-key', CITYHUB_REGISTRY_CHECK_INTERVAL_MS: '2000' };
    for (const cli of [startCli(['start'], { dataDir, env }), startCli(['start'], { dataDir, env })]) {
      const [, url] = (await cli.waitFor(/activateConnector\) at (http:\/\/127\.0\.0\.1:\d+)\/graphql/))!;
      replicas.push({ cli, url: url! });
    }
  });
  afterAll(async () => {
    for (const { cli } of replicas) {
      if (cli.child.exitCode === null) cli.child.kill('SIGTERM');
      await cli.exited;
    }
    await system?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const ask = async (replica: number, principal: Principal, query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${replicas[replica]!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(principal)}`, 'x-cityhub-purpose': principal.purposes[0]! },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
  };
  const servesWorkers = async (replica: number) => (await ask(replica, PERSONAS.caseWorker, '{ communityWorkers(first: 1) { workerId } }')).errors
    ? null
    : 'served';
  const waitUntil = async (what: () => Promise<boolean>, timeoutMs: number) => {
    const started = Date.now();
    while (!(await what())) {
      if (Date.now() - started > timeoutMs) return null;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return Date.now() - started;
  };

  it('serves on the second replica, within a second, a connector activated on the first (LISTEN/NOTIFY)', async () => {
    expect(await servesWorkers(1)).toBeNull();
    const registered = await ask(0, PERSONAS.connectorAdmin, 'mutation ($m: String!) { registerConnector(manifest: $m) { version } }', { m: JSON.stringify(workers.manifest) });
    expect(registered.data.registerConnector.version).toBe(1);
    const activated = await ask(0, PERSONAS.connectorAdmin, 'mutation { activateConnector(id: "community-workers") { state } }');
    expect(activated.data.activateConnector.state).toBe('active');
    // The replica that activated swapped before answering.
    expect(await servesWorkers(0)).toBe('served');
    const elapsed = await waitUntil(async () => (await servesWorkers(1)) === 'served', 5_000);
    expect(elapsed).not.toBeNull();
    expect(elapsed!).toBeLessThan(1_000);
  });

  it('catches a change whose notification was missed with the periodic check', async () => {
    // A change written straight to the store, announced to nobody.
    const direct = openSqlDatabase(database.url, { maxConnections: 1 });
    const store = createConnectorRegistryStore({ db: direct.db });
    const candidate = described('Activated without a notification.');
    const version = await store.register({
      connectorId: 'community-workers',
      department: workers.manifest.department,
      manifest: candidate,
      submittedBy: { subject: PERSONAS.platformAdmin.subject, department: PERSONAS.platformAdmin.department },
      report: await checkManifestOnly(candidate, { active: [] }),
    });
    await store.activate('community-workers', version.version);
    await direct.db.destroy();
    const served = (replica: number) => async () =>
      (await ask(replica, PERSONAS.platformAdmin, '{ registeredConnector(id: "community-workers") { version state } }')).data.registeredConnector.length === 2 &&
      replicas[replica]!.cli.output().includes('city schema generation 3');
    // Each replica's next check (every 2 s here; 30 s by default) finds version 2 active and swaps.
    expect(await waitUntil(served(0), 6_000)).not.toBeNull();
    expect(await waitUntil(served(1), 6_000)).not.toBeNull();
  });
});
