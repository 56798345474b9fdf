import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/hotline-tickets.ts';
import spec from '../../../connectors/sample-city/simulators/systems/hotline-tickets.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the hotline-tickets connector over its simulated database', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('catalogues callers’ names and phones as conditional personal data with masks', () => {
    const fields = definition.manifest.catalogue.HotlineTicket!.fields;
    expect(fields.callerName).toMatchObject({ sharing: 'conditional', sensitivity: 'personal', mask: 'name' });
    expect(fields.callerPhone).toMatchObject({ sharing: 'conditional', sensitivity: 'personal', mask: 'phone' });
  });

  it('serves a street’s tickets with callers who are residents of that street', async () => {
    const street = '310106013';
    const result = await system.run(`query($street: AdminCode!) {
      hotlineTickets(where: { streetCode: $street }, first: 1000) { ticketId callerPersonId callerPhone streetCode gridCode closed status calledAt }
    }`, { street });
    expect(result.errors).toBeUndefined();
    const residents = new Map(system.model.residents.map((r) => [r.personId, r]));
    const tickets = result.data.hotlineTickets as any[];
    expect(tickets.length).toBeGreaterThan(10);
    for (const ticket of tickets) {
      const caller = residents.get(ticket.callerPersonId)!;
      expect(caller.streetCode).toBe(street);
      expect(ticket.callerPhone).toBe(caller.phone);
      expect(ticket.gridCode).toBe(caller.gridCode);
      expect(ticket.closed).toBe(ticket.status === '已办结');
      expect(ticket.calledAt).toMatch(/^2026-11-\d\dT/);
    }
  });

  it('publishes per-district statistics equal to what its tickets add up to', async () => {
    const result = await system.run(`{
      districtHotlineSummaries(first: 100) { districtCode totalTickets openTickets closedRate }
      hotlineTickets(first: 1000, where: { districtCode: "310106" }) { closed }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.districtHotlineSummaries).toHaveLength(system.model.districts.length);
    const jingan = result.data.districtHotlineSummaries.find((s: any) => s.districtCode === '310106');
    const tickets = result.data.hotlineTickets as Array<{ closed: boolean }>;
    expect(jingan.totalTickets).toBe(tickets.length);
    expect(jingan.openTickets).toBe(tickets.filter((t) => !t.closed).length);
    expect(jingan.closedRate).toBe(Math.round((tickets.filter((t) => t.closed).length / tickets.length) * 1000) / 10);
  });

  it('resolves the districts of a batch in one query to the statistics view', async () => {
    system.upstreamCalls.length = 0;
    const codes = system.model.districts.map((d) => d.code);
    const result = await system.run(`query($codes: [AdminCode!]!) { _lookupDistrict(keys: $codes) { code hotlineSummary { openTickets } } }`, { codes });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupDistrict.map((d: any) => typeof d.hotlineSummary.openTickets)).toEqual(codes.map(() => 'number'));
    expect(system.upstreamCalls).toEqual([{ connector: 'hotline-tickets', type: 'DistrictHotlineSummary', batchSize: codes.length }]);
  });
});
