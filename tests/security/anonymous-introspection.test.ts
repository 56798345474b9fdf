import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** Anonymous introspection returned the whole schema, the auditors' types included. */
describe('attack: anonymous introspection', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub({ audit: true });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('refuses introspection to anonymous callers with INTROSPECTION_DISABLED (HTTP 400)', async () => {
    const response = await edge.post(null, { query: '{ __schema { types { name } } }' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ message: 'introspection is disabled for this caller; the operation selects "__schema"', extensions: { code: 'INTROSPECTION_DISABLED' } });
    const type = await edge.post(null, { query: '{ __type(name: "Person") { fields { name } } }' });
    expect(type.body.errors[0].extensions.code).toBe('INTROSPECTION_DISABLED');
  });

  it('serves a government caller the schema without the audit types, and the auditor with them', async () => {
    const names = async (who: 'caseWorker' | 'auditor') => {
      const response = await edge.post(who, { query: '{ __schema { types { name } queryType { fields { name } } } }' });
      expect(response.status).toBe(200);
      return { types: response.body.data.__schema.types.map((type: { name: string }) => type.name), fields: response.body.data.__schema.queryType.fields.map((field: { name: string }) => field.name) };
    };
    const officer = await names('caseWorker');
    expect(officer.fields).toContain('people');
    expect(officer.fields.filter((name: string) => name.startsWith('audit'))).toEqual([]);
    expect(officer.types.filter((name: string) => name.startsWith('Audit'))).toEqual([]);
    const auditor = await names('auditor');
    expect(auditor.fields).toContain('auditEntries');
  });

  it('opens introspection to everyone when the setting says so (development)', async () => {
    const open = await startEdgeHub({ edge: { introspection: 'everyone' } });
    try {
      const response = await open.post(null, { query: '{ __schema { queryType { name } } }' });
      expect(response.body.data.__schema.queryType.name).toBe('Query');
    } finally {
      await open.close();
    }
  }, 60_000);
});
