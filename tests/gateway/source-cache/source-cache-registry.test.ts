import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../../connectors/sample-city/index.ts';
import communityWorkersSpec from '../../../connectors/sample-city/simulators/systems/community-workers.ts';
import { PERSONAS } from '../../../governance/index.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';
import { startRegistryTestHub, type RegistryTestHub } from '../../support/registry-hub.ts';

const department = DEPARTMENTS.find((d) => d.manifest.id === 'community-workers')!;
const workers = department.manifest;
const REGISTER = 'mutation Register($manifest: String!) { registerConnector(manifest: $manifest) { version report { ok } } }';
const ACTIVATE = 'mutation Activate($id: ID!) { activateConnector(id: $id) { version state } }';
const WORKER = 'query Worker($id: ID!) { communityWorker(workerId: $id) { workerId name role } }';

describe('the source cache across connector versions, through the registry', () => {
  let system: DepartmentSystem;
  let hub: RegistryTestHub;
  let workerId: string;
  // The legacy system's own log of the requests for this worker.
  const workerReads = () => system.rest!.calls.filter((call) => call.path === '/api/v1/gzry/list' && call.query.ryid?.split(',').includes(workerId)).length;
  const ask = async () => {
    const answer = await hub.as(PERSONAS.caseWorker, WORKER, { id: workerId });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.communityWorker.workerId).toBe(workerId);
    return answer.data.communityWorker;
  };
  const registerAndActivate = async (manifest: unknown) => {
    const registered = await hub.as(PERSONAS.connectorAdmin, REGISTER, { manifest: JSON.stringify(manifest) });
    expect(registered.data.registerConnector.report.ok).toBe(true);
    const activated = await hub.as(PERSONAS.connectorAdmin, ACTIVATE, { id: 'community-workers' });
    expect(activated.data.activateConnector.state).toBe('active');
    return activated.data.activateConnector.version as number;
  };

  beforeAll(async () => {
    system = await startDepartmentSystem(department, communityWorkersSpec);
    workerId = system.model.workers.find((worker) => worker.streetCode.startsWith('310106'))!.workerId;
    hub = await startRegistryTestHub({ env: { CITYHUB_COMMUNITY_WORKERS_URL: system.endpoint, CITYHUB_COMMUNITY_WORKERS_KEY: 'test-key' }, sourceCache: true });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await system?.close();
  });

  it('serves a version from its own cache entries, never those of the version before, nor after a rollback', async () => {
    expect(await registerAndActivate(workers)).toBe(1);
    await ask();
    await ask();
    expect(workerReads()).toBe(1);

    const described = { ...workers, catalogue: { ...workers.catalogue, CommunityWorker: { ...workers.catalogue.CommunityWorker!, description: 'Workers, version 2.' } } };
    expect(await registerAndActivate(described)).toBe(2);
    await ask();
    expect(workerReads()).toBe(2);
    await ask();
    expect(workerReads()).toBe(2);

    // Back to version 1: its entries from before version 2 are not served.
    const rolledBack = await hub.as(PERSONAS.connectorAdmin, 'mutation { rollbackConnector(id: "community-workers") { version state } }');
    expect(rolledBack.data.rollbackConnector).toEqual({ version: 1, state: 'active' });
    await ask();
    expect(workerReads()).toBe(3);
    await ask();
    expect(workerReads()).toBe(3);
    expect(hub.running.hub.sourceCache!.report()).toMatchObject({ backend: 'memory', state: 'ok', hits: 3, errors: 0 });
  });
});
