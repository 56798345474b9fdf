import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_LIMITS } from '../../gateway/limits/edge-config.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

/** A document whose fragments expand 2^20 times took 1.7 s to validate. */
describe('attack: fragment-expansion bomb', () => {
  let edge: EdgeHub;
  beforeAll(async () => {
    edge = await startEdgeHub();
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  it('refuses a 2^20 expansion with COST_LIMIT in well under the time its expansion would take', async () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, … F20 selects one field: 2^20 selections.
    const fragments = Array.from({ length: 20 }, (_, index) => `fragment F${index} on Person { ...F${index + 1} ...F${index + 1} }`).join('\n');
    const query = `${fragments}\nfragment F20 on Person { personId }\n{ people(first: 1) { ...F0 } }`;
    const began = performance.now();
    const response = await edge.post('caseWorker', { query });
    const elapsed = performance.now() - began;
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ message: expect.stringContaining(`expands to more than ${DEFAULT_ROLE_LIMITS['case-worker']!.cost} selections`), extensions: { code: 'COST_LIMIT' } });
    expect(elapsed).toBeLessThan(1_000);
  });
});
