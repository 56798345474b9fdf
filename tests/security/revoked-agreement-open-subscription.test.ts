import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS, PURPOSE_HEADER, type Principal } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** After the agreement behind a conditional field was revoked, an open subscription kept carrying that field. */
describe('attack: revoked agreement on an open subscription', () => {
  let edge: EdgeHub;
  const roads: Principal = { subject: 'road-admin-1', department: 'Road Administration', roles: ['officer'], jurisdictions: ['3101'], purposes: ['city-operations'] };
  const officer = PERSONAS.cityOperationsOfficer;
  const query = 'subscription { structureReadings { sensorId location { lat lng } } }';

  beforeAll(async () => {
    edge = await startEdgeHub({ only: ['admin-divisions', 'bridge-monitoring'] });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const params = async () => ({ authorization: `Bearer ${await edge.token('cityOperationsOfficer')}`, [PURPOSE_HEADER]: 'city-operations' });

  it('refuses at open a subscription to the conditional field without an agreement', async () => {
    const client = edge.ws(await params());
    const first = await new Promise<any>((resolve) => client.subscribe({ query }, { next: resolve, error: resolve, complete: () => resolve('complete') }));
    expect(first.errors[0]).toMatchObject({ message: expect.stringMatching(/selects StructureSensor.location, which you may not read/), extensions: { code: 'FORBIDDEN', field: 'StructureSensor.location' } });
  });

  it('ends the open subscription with close code 4403 at the first event after the revocation, delivering no more locations', async () => {
    const agreements = edge.stores.agreements;
    const pending = await agreements.request({
      requesterDepartment: officer.department,
      providerDepartment: roads.department,
      typeName: 'StructureSensor',
      fields: ['location'],
      purpose: 'city-operations',
      validFrom: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 86_400_000),
      requestedBy: officer,
      reason: 'inspection routes',
    });
    const approved = await agreements.approve(pending.id, { by: roads });
    const events: any[] = [];
    const closes: Array<{ code: number; reason: string }> = [];
    const client = edge.ws(await params(), { onClose: (event) => closes.push(event) });
    const ended = new Promise<unknown>((resolve) => client.subscribe({ query }, { next: (event) => void events.push(event), error: resolve, complete: () => resolve('complete') }));
    for (let round = 0; round < 50 && events.length === 0; round += 1) {
      await edge.city.tick();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(events.length).toBeGreaterThan(0);
    expect(events[0].errors).toBeUndefined();
    expect(events[0].data.structureReadings.location).not.toBeNull();

    await agreements.revoke(approved.id, { by: roads, reason: 'inspection over' });
    // Events of the last round checked before the revocation may still be on the wire.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = events.length;
    for (let round = 0; round < 50 && closes.length === 0; round += 1) {
      await edge.city.tick();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await ended;
    expect(closes[0]).toMatchObject({ code: 4403, reason: expect.stringMatching(new RegExp(`agreement ${approved.id}, under which this subscription was opened, is no longer in force`)) });
    expect(events.length).toBe(before);
  }, 30_000);
});
