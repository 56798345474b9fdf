import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../../connectors/sample-city/index.ts';
import communityWorkersSpec from '../../../connectors/sample-city/simulators/systems/community-workers.ts';
import { PERSONAS, type Principal } from '../../../governance/index.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';
import { startRegistryTestHub, type RegistryTestHub } from '../../support/registry-hub.ts';

const workers = DEPARTMENTS.find((d) => d.manifest.id === 'community-workers')!.manifest;
const grids = DEPARTMENTS.find((d) => d.manifest.id === 'grids')!.manifest;
const withDescription = (description: string) => ({
  ...workers,
  catalogue: { ...workers.catalogue, CommunityWorker: { ...workers.catalogue.CommunityWorker!, description } },
});
const gridAdmin: Principal = { subject: 'grid-admin-1', department: grids.department, roles: ['connector-admin'], jurisdictions: [], purposes: ['connector-administration'] };

const REGISTER = `mutation Register($manifest: String!) {
  registerConnector(manifest: $manifest) { connectorId version department state submittedBy submittedByDepartment report { ok ran findings { check severity path message } } }
}`;
const ACTIVATE = 'mutation Activate($id: ID!, $version: Int) { activateConnector(id: $id, version: $version) { connectorId version state } }';
const WORKERS = '{ communityWorkers(first: 3) { workerId role } }';

describe('the connector registry admin API', () => {
  let system: DepartmentSystem;
  let hub: RegistryTestHub;
  beforeAll(async () => {
    system = await startDepartmentSystem(DEPARTMENTS.find((d) => d.manifest.id === 'community-workers')!, communityWorkersSpec);
    // The full check registrations run reads the manifest's endpoint and credential variables from the hub's env.
    hub = await startRegistryTestHub({ env: { CITYHUB_COMMUNITY_WORKERS_URL: system.endpoint, CITYHUB_COMMUNITY_WORKERS_KEY: 'test-key' } });
  });
  afterAll(async () => {
    await hub?.close();
    await system?.close();
  });

  it('starts on an empty registry, saying so in the schema', async () => {
    const answer = await hub.as(PERSONAS.caseWorker, '{ _noConnectors }');
    expect(answer.data).toEqual({ _noConnectors: true });
  });

  it("lets a department's connector-admin register its own connector and serves it once activated, without a restart", async () => {
    const registered = await hub.as(PERSONAS.connectorAdmin, REGISTER, { manifest: JSON.stringify(workers) });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerConnector).toEqual({
      connectorId: 'community-workers',
      version: 1,
      department: 'Civil Affairs Bureau',
      state: 'checked',
      submittedBy: PERSONAS.connectorAdmin.subject,
      submittedByDepartment: 'Civil Affairs Bureau',
      report: { ok: true, ran: ['manifest', 'environment', 'probe', 'composition', 'governance'], findings: [] },
    });
    // Registered is not served.
    expect((await hub.as(PERSONAS.caseWorker, WORKERS)).errors?.[0]?.message).toMatch(/Cannot query field "communityWorkers"/);
    const activated = await hub.as(PERSONAS.connectorAdmin, ACTIVATE, { id: 'community-workers' });
    expect(activated.data.activateConnector).toEqual({ connectorId: 'community-workers', version: 1, state: 'active' });
    const served = await hub.as(PERSONAS.caseWorker, WORKERS);
    expect(served.errors).toBeUndefined();
    expect(served.data.communityWorkers).toHaveLength(3);
  });

  it("refuses a connector-admin another department's connectors, and every registry operation to a principal without an admin role", async () => {
    const foreign = await hub.as(PERSONAS.connectorAdmin, REGISTER, { manifest: JSON.stringify(grids) });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(foreign.errors?.[0]?.message).toMatch(/may not administer connector "grids" of Grid Management Centre/);
    const takeover = await hub.as(gridAdmin, ACTIVATE, { id: 'community-workers' });
    expect(takeover.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hijack = await hub.as(gridAdmin, REGISTER, { manifest: JSON.stringify({ ...workers, department: grids.department }) });
    expect(hijack.errors?.[0]?.message).toMatch(/may not administer connector "community-workers", registered by Civil Affairs Bureau/);
    for (const principal of [PERSONAS.caseWorker, null]) {
      const listed = await hub.as(principal, '{ registeredConnectors { connectorId } }');
      expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await hub.as(gridAdmin, '{ registeredConnectors { connectorId } }')).data.registeredConnectors).toEqual([]);
  });

  it('lets a platform-admin act on every department, and lists each admin only its own', async () => {
    const registered = await hub.as(PERSONAS.platformAdmin, REGISTER, { manifest: JSON.stringify(grids) });
    expect(registered.data.registerConnector).toMatchObject({ connectorId: 'grids', state: 'checked', submittedByDepartment: 'Big Data Centre' });
    const all = await hub.as(PERSONAS.platformAdmin, '{ registeredConnectors { connectorId } }');
    expect(all.data.registeredConnectors.map((v: { connectorId: string }) => v.connectorId)).toEqual(['community-workers', 'grids']);
    const own = await hub.as(PERSONAS.connectorAdmin, '{ registeredConnectors { connectorId } }');
    expect(own.data.registeredConnectors.map((v: { connectorId: string }) => v.connectorId)).toEqual(['community-workers']);
    expect((await hub.as(gridAdmin, '{ registeredConnector(id: "grids") { version state } }')).data.registeredConnector).toEqual([{ version: 1, state: 'checked' }]);
  });

  it('stores a manifest that fails its check with the report, and refuses to activate it', async () => {
    const broken = { ...workers, catalogue: { ...workers.catalogue, CommunityWorker: { ...workers.catalogue.CommunityWorker!, key: 'nope' } } };
    const registered = await hub.as(PERSONAS.connectorAdmin, REGISTER, { manifest: JSON.stringify(broken) });
    expect(registered.data.registerConnector.report).toEqual({
      ok: false,
      ran: ['manifest'],
      findings: [{ check: 'manifest', severity: 'error', path: 'catalogue.CommunityWorker.key', message: 'names "nope", which is not a field of CommunityWorker' }],
    });
    const refused = await hub.as(PERSONAS.connectorAdmin, ACTIVATE, { id: 'community-workers', version: 2 });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'not-activatable' });
    expect(refused.errors?.[0]?.message).toMatch(/version 2 cannot be activated: its check report holds 1 error\(s\): catalogue.CommunityWorker.key/);
    expect((await hub.as(PERSONAS.caseWorker, WORKERS)).data.communityWorkers).toHaveLength(3);
  });

  it('refuses a manifest that is not JSON, or names no id or department', async () => {
    const notJson = await hub.as(PERSONAS.connectorAdmin, 'mutation { registerConnector(manifest: "{nope") { version } }');
    expect(notJson.errors?.[0]?.message).toMatch(/manifest must be JSON text/);
    const anonymous = await hub.as(PERSONAS.connectorAdmin, REGISTER, { manifest: JSON.stringify({ names: {} }) });
    expect(anonymous.errors?.[0]?.message).toMatch(/a manifest names its connector "id" and its "department" to be registered, received id null and department null/);
    const unknown = await hub.as(PERSONAS.connectorAdmin, ACTIVATE, { id: 'no-such-connector' });
    expect(unknown.errors?.[0]?.message).toMatch(/connector "no-such-connector" is not registered/);
  });

  it('rolls back to the version active before, and retires a connector so it is no longer served', async () => {
    const v3 = await hub.as(PERSONAS.connectorAdmin, REGISTER, { manifest: JSON.stringify(withDescription('Version three.')) });
    expect(v3.data.registerConnector.version).toBe(3);
    await hub.as(PERSONAS.connectorAdmin, ACTIVATE, { id: 'community-workers', version: 3 });
    const description = async () => (await hub.as(PERSONAS.caseWorker, '{ __type(name: "CommunityWorker") { description } }')).data.__type?.description;
    expect(await description()).toMatch(/^Version three\.\n\nOwned by /);
    const rolledBack = await hub.as(PERSONAS.connectorAdmin, 'mutation { rollbackConnector(id: "community-workers") { version state } }');
    expect(rolledBack.errors).toBeUndefined();
    expect(rolledBack.data.rollbackConnector).toEqual({ version: 1, state: 'active' });
    expect((await description())?.startsWith(`${workers.catalogue.CommunityWorker!.description}\n\nOwned by `)).toBe(true);
    const retired = await hub.as(PERSONAS.connectorAdmin, 'mutation { retireConnector(id: "community-workers") { version state } }');
    expect(retired.data.retireConnector).toEqual({ version: 1, state: 'retired' });
    expect((await hub.as(PERSONAS.caseWorker, WORKERS)).errors?.[0]?.message).toMatch(/Cannot query field "communityWorkers"/);
    const again = await hub.as(PERSONAS.connectorAdmin, 'mutation { rollbackConnector(id: "community-workers") { version } }');
    expect(again.errors?.[0]?.message).toMatch(/has no active version to roll back/);
  });

  it('records every registry event and every refused attempt in the audit log', async () => {
    await hub.running.stores.audit!.flush();
    const page = await hub.running.stores.audit!.search({ system: 'community-workers' }, { first: 100 });
    const events = page.entries.filter((entry) => entry.operationName?.startsWith('connectors.')).map((entry) => [entry.operationName, entry.outcome, entry.errorCode, entry.principal]).reverse();
    expect(events).toEqual([
      ['connectors.register community-workers@1', 'ok', null, PERSONAS.connectorAdmin.subject],
      ['connectors.activate community-workers@1', 'ok', null, PERSONAS.connectorAdmin.subject],
      ['connectors.activate community-workers', 'denied', 'FORBIDDEN', gridAdmin.subject],
      ['connectors.register community-workers', 'denied', 'FORBIDDEN', gridAdmin.subject],
      ['connectors.register community-workers@2', 'ok', null, PERSONAS.connectorAdmin.subject],
      ['connectors.activate community-workers', 'error', 'BAD_USER_INPUT', PERSONAS.connectorAdmin.subject],
      ['connectors.register community-workers@3', 'ok', null, PERSONAS.connectorAdmin.subject],
      ['connectors.activate community-workers@3', 'ok', null, PERSONAS.connectorAdmin.subject],
      ['connectors.rollback community-workers@1', 'ok', null, PERSONAS.connectorAdmin.subject],
      ['connectors.retire community-workers@1', 'ok', null, PERSONAS.connectorAdmin.subject],
      ['connectors.rollback community-workers', 'error', 'BAD_USER_INPUT', PERSONAS.connectorAdmin.subject],
    ]);
    const refusedList = await hub.running.stores.audit!.search({ principal: PERSONAS.caseWorker.subject, outcome: 'denied' }, { first: 10 });
    expect(refusedList.entries.map((entry) => entry.operationName)).toContain('connectors.list');
    expect((await hub.running.stores.audit!.verify()).ok).toBe(true);
  });
});
