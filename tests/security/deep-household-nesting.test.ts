import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_LIMITS } from '../../gateway/limits/edge-config.ts';
import { ANONYMOUS_ROLE } from '../../gateway/limits/use-operation-limits.ts';
import { PERSONAS } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A household's members nested ten levels deep returned 12.9 MB and stalled the hub. */
describe('attack: deep nesting of household members', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const nest = (levels: number) => {
    let selection = 'personId';
    for (let level = 0; level < levels; level += 1) selection = `household { members { ${selection} } }`;
    return `{ people(first: 5) { ${selection} } }`;
  };

  it('refuses a document ten household levels deep with DEPTH_LIMIT (HTTP 400), naming the limit, before any connector is called', async () => {
    const calls = edge.upstreamCalls.length;
    const response = await edge.post('caseWorker', { query: nest(10) });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: 'Query depth limit of 6 exceeded, found 22.', extensions: expect.objectContaining({ code: 'DEPTH_LIMIT', limit: 6 }) })]);
    expect(edge.upstreamCalls.length).toBe(calls);
  });

  // Every role with an override, the anonymous caller and a role without one.
  for (const role of [...Object.keys(DEFAULT_ROLE_LIMITS).filter((name) => name !== ANONYMOUS_ROLE), 'auditor', ANONYMOUS_ROLE]) {
    it(`refuses the ten-level walk for the ${role} role with DEPTH_LIMIT or COST_LIMIT, before any connector is called`, async () => {
      const calls = edge.upstreamCalls.length;
      const who = role === ANONYMOUS_ROLE ? null : { ...PERSONAS.caseWorker, subject: `nesting-${role}`, roles: [role] };
      const response = await edge.post(who, { query: nest(10) });
      expect(response.status).toBe(400);
      expect(['DEPTH_LIMIT', 'COST_LIMIT']).toContain(response.body.errors[0].extensions.code);
      expect(edge.upstreamCalls.length).toBe(calls);
    });
  }

  it('counts fragments where they are spread', async () => {
    const query = `
      fragment Members on Household { members { household { members { household { members { personId } } } } } }
      { people(first: 5) { household { ...Members } } }`;
    const response = await edge.post('caseWorker', { query });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ message: 'Query depth limit of 6 exceeded, found 8.', extensions: { code: 'DEPTH_LIMIT' } });
  });

  it('serves the same walk within the limit', async () => {
    const response = await edge.post('caseWorker', { query: nest(2) });
    expect(response.status).toBe(200);
    expect(response.body.data.people.length).toBeGreaterThan(0);
  });

  it('applies a role override from the settings: a looser depth for one role only', async () => {
    const loose = await startEdgeHub({ edge: { roleLimits: { 'case-worker': { depth: 30, cost: 1_000_000_000 } } } });
    try {
      expect((await loose.post('caseWorker', { query: nest(4) })).status).toBe(200);
      const officer = await loose.post('streetOfficer', { query: nest(4) });
      expect(officer.body.errors[0].extensions).toMatchObject({ code: 'DEPTH_LIMIT', limit: 6 });
    } finally {
      await loose.close();
    }
  }, 60_000);
});
