import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash } from '../../gateway/index.ts';
import { DEFAULT_OPERATIONS_DIR } from '../../gateway/operations.ts';
import type { Principal } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A role restricted to the hub's persisted operations (the big screens) ran any document it sent. */
describe('attack: untrusted document for a trusted-documents role', () => {
  let edge: EdgeHub;
  const screen: Principal = { subject: 'big-screen-1', department: 'City Operations Management Center', roles: ['big-screen'], jurisdictions: ['3101'], purposes: ['city-operations'] };
  const vitalSigns = readFileSync(join(DEFAULT_OPERATIONS_DIR, 'city-vital-signs.graphql'), 'utf8');

  beforeAll(async () => {
    edge = await startEdgeHub({ only: ['admin-divisions', 'population-registry', 'hotline-tickets', 'sanitation-ratings', 'air-quality', 'elevators', 'city-events'], edge: { trustedDocumentRoles: ['big-screen'] } });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('refuses the restricted role an arbitrary document with UNTRUSTED_DOCUMENT (HTTP 400)', async () => {
    const response = await edge.post(screen, { query: '{ people(first: 5) { personId } }' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ message: expect.stringMatching(/callers with the role "big-screen" may run trusted documents only/), extensions: { code: 'UNTRUSTED_DOCUMENT', role: 'big-screen' } });
  });

  it('runs a scenario operation sent by its sha256, and by its exact text', async () => {
    const byHash = await edge.post(screen, { operationName: 'CityVitalSignsOpenData', extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(vitalSigns) } } });
    expect(byHash.body.errors ?? []).toEqual([]);
    expect(byHash.body.errors?.find((error: { extensions?: { code?: string } }) => error.extensions?.code === 'UNTRUSTED_DOCUMENT')).toBeUndefined();
    expect(byHash.body.data).toHaveProperty('districts');
    const byText = await edge.post(screen, { query: vitalSigns, operationName: 'CityVitalSignsOpenData' });
    expect(byText.body.data).toHaveProperty('districts');
  });

  it('refuses an unknown hash, and leaves other roles free to send any document', async () => {
    const unknown = await edge.post(screen, { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ message: `no trusted document has the hash "${'0'.repeat(64)}"`, extensions: { code: 'UNTRUSTED_DOCUMENT' } });
    expect((await edge.post('caseWorker', { query: '{ districts(first: 1) { code } }' })).status).toBe(200);
  });
});
