import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

// Private: three aliased lists of 1,000 people with their household: estimated 6,000.
const DOCUMENT = `{ ${['a', 'b', 'c'].map((alias) => `${alias}: people(first: 1000) { personId household { householdId } }`).join(' ')} }`;

describe('the operation limits’ verdict cache', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub({ edge: { roleLimits: { planner: { cost: 10_000 }, clerk: { cost: 5_000 } } } });
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const planner = { ...PERSONAS.caseWorker, subject: 'cache-planner', roles: ['planner'] };
  const clerk = { ...PERSONAS.caseWorker, subject: 'cache-clerk', roles: ['clerk'] };
  const costCode = async (who: typeof planner) => {
    const response = await edge.post(who, { query: DOCUMENT });
    return response.body.errors?.find((error: { extensions?: { code?: string } }) => error.extensions?.code === 'COST_LIMIT')?.extensions ?? null;
  };

  it("never gives one role's verdict on a document to another role with other limits, in either order", async () => {
    expect(await costCode(planner)).toBeNull();
    expect(await costCode(clerk)).toMatchObject({ code: 'COST_LIMIT', limit: 5_000, cost: 6_000 });
    expect(await costCode(planner)).toBeNull();
    expect(await costCode(clerk)).toMatchObject({ code: 'COST_LIMIT', limit: 5_000 });
  });

  it('gives a principal with both roles the looser limit, whichever role asked first', async () => {
    expect(await costCode({ ...clerk, subject: 'cache-both', roles: ['clerk', 'planner'] })).toBeNull();
    expect(await costCode({ ...clerk, subject: 'cache-both-reversed', roles: ['planner', 'clerk'] })).toBeNull();
    expect(await costCode(clerk)).toMatchObject({ code: 'COST_LIMIT', limit: 5_000 });
  });
});
