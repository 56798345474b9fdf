import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../gateway/connectors-admin/check-report.ts';
import { createConnectorRegistryStore, RegistryStoreError, type ConnectorRegistryStore } from '../../../gateway/connectors-admin/registry-store.ts';
import { DIALECTS, type TestDatabase } from '../../support/servers.ts';

const okReport = (connectorId: string): CheckReport => ({ connectorId, checkedAt: '2030-01-01T00:00:00.000Z', ok: true, ran: ['manifest'], findings: [] });
const badReport = (connectorId: string): CheckReport => ({
  connectorId,
  checkedAt: '2030-01-01T00:00:00.000Z',
  ok: false,
  ran: ['manifest'],
  findings: [{ check: 'manifest', severity: 'error', path: 'catalogue.Grid.key', message: 'names "nope", which is not a field of Grid' }],
});
const submitter = { subject: 'persona-grid-admin', department: 'Grid Management Centre' };
const manifest = (label: string) => ({ id: 'grids', department: 'Grid Management Centre', names: { zh: '网格', en: label } });

for (const dialect of DIALECTS) {
  describe(`the connector registry store on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: ConnectorRegistryStore;
    let clock = new Date('2030-01-01T08:00:00.000Z');
    beforeEach(async () => {
      database = await dialect.create();
      clock = new Date('2030-01-01T08:00:00.000Z');
      store = createConnectorRegistryStore({ db: database.db, now: () => clock });
    });
    afterEach(async () => {
      await database.drop();
    });
    const register = (label: string, report = okReport('grids')) =>
      store.register({ connectorId: 'grids', department: 'Grid Management Centre', manifest: manifest(label), submittedBy: submitter, report });

    it('numbers versions per connector and keeps manifest, submitter, time, report and state', async () => {
      const v1 = await register('v1');
      clock = new Date('2030-01-01T09:00:00.000Z');
      const v2 = await register('v2', badReport('grids'));
      expect(v1).toEqual({
        connectorId: 'grids',
        version: 1,
        department: 'Grid Management Centre',
        manifest: manifest('v1'),
        submittedBy: submitter,
        submittedAt: '2030-01-01T08:00:00.000Z',
        report: okReport('grids'),
        state: 'checked',
        activatedAt: null,
        stateChangedAt: '2030-01-01T08:00:00.000Z',
      });
      expect(v2.version).toBe(2);
      expect(v2.report).toEqual(badReport('grids'));
      expect((await store.versions('grids')).map((v) => v.version)).toEqual([1, 2]);
      expect((await store.latest()).map((v) => [v.connectorId, v.version])).toEqual([['grids', 2]]);
      expect(await store.get('grids', 3)).toBeNull();
      expect(await store.versions('unknown')).toEqual([]);
    });

    it('gives concurrent registrations of one connector distinct numbers', async () => {
      const versions = await Promise.all([register('a'), register('b'), register('c')]);
      expect(versions.map((v) => v.version).sort()).toEqual([1, 2, 3]);
    });

    it('activates one version at a time, putting the previous one back to checked', async () => {
      await register('v1');
      await register('v2');
      const first = await store.activate('grids', 1);
      expect(first.activated.state).toBe('active');
      expect(first.replaced).toBeNull();
      clock = new Date('2030-01-01T10:00:00.000Z');
      const second = await store.activate('grids', 2);
      expect(second.activated).toMatchObject({ version: 2, state: 'active', activatedAt: '2030-01-01T10:00:00.000Z' });
      expect(second.replaced).toMatchObject({ version: 1, state: 'checked', activatedAt: '2030-01-01T08:00:00.000Z' });
      expect((await store.active()).map((v) => v.version)).toEqual([2]);
    });

    it('refuses to activate a version whose report holds an error, naming the findings', async () => {
      await register('v1', badReport('grids'));
      const refusal = store.activate('grids', 1);
      await expect(refusal).rejects.toThrow(RegistryStoreError);
      await expect(store.activate('grids', 1)).rejects.toThrow(/version 1 cannot be activated: its check report holds 1 error\(s\): catalogue.Grid.key: names "nope"/);
      expect(await store.active()).toEqual([]);
    });

    it('refuses an unknown version and a retired one, and retires only an active version', async () => {
      await register('v1');
      await expect(store.activate('grids', 7)).rejects.toThrow(/connector "grids" has no version 7/);
      await expect(store.retire('grids')).rejects.toThrow(/connector "grids" has no active version to retire/);
      await store.activate('grids', 1);
      const retired = await store.retire('grids');
      expect(retired.state).toBe('retired');
      expect(await store.active()).toEqual([]);
      await expect(store.activate('grids', 1)).rejects.toThrow(/version 1 is retired; register the manifest again/);
    });

    it('refuses bad input, naming the field', async () => {
      await expect(store.register({ connectorId: '', department: 'd', manifest: {}, submittedBy: submitter, report: okReport('x') })).rejects.toThrow(/connectorId must be a non-empty string, received ""/);
      await expect(store.register({ connectorId: 'x', department: 'd', manifest: {}, submittedBy: submitter, report: {} as never })).rejects.toThrow(/report must be a CheckReport/);
      expect(() => createConnectorRegistryStore({ db: undefined as never })).toThrow(/db must be a Kysely instance/);
    });
  });
}
