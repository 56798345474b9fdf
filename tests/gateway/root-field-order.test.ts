import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { serveTinySubgraph, type TinySubgraph } from '../support/federation-subgraph.ts';

// Two federation subgraphs on loopback: `alphas` answers 150 ms late, `betas` at once, so the
// field the query asks for first is the one that finishes last.
describe('root field order', () => {
  const subgraphs: TinySubgraph[] = [];
  let hub: CityHub;
  let url: string;
  beforeAll(async () => {
    const slow = await serveTinySubgraph({ type: 'Alpha', list: 'alphas', delayMs: 150 });
    const fast = await serveTinySubgraph({ type: 'Beta', list: 'betas' });
    subgraphs.push(slow, fast);
    hub = await createCityHub({
      definitions: [slow.definition, fast.definition],
      env: { [slow.endpointEnv]: slow.url, [fast.endpointEnv]: fast.url },
      logger: createLogger('silent'),
      probeIntervalMs: 0,
    });
    url = `${await hub.listen(0)}/graphql`;
  });
  afterAll(async () => {
    await hub?.close();
    for (const subgraph of subgraphs) await subgraph.close();
  });
  const keysOf = async (query: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    // The order of the JSON text itself, which is what a client reads.
    return Object.keys(body.data ?? {});
  };

  it('answers root fields in the order the query asks for them, not the order they finish', async () => {
    expect(await keysOf('{ alphas { id } betas { id } }')).toEqual(['alphas', 'betas']);
    expect(await keysOf('{ betas { id } alphas { id } }')).toEqual(['betas', 'alphas']);
  });

  it('orders aliased root fields and fields spread from fragments where they are selected', async () => {
    expect(await keysOf('{ first: alphas { id } ...Later } fragment Later on Query { second: betas { code } third: alphas { code } }')).toEqual(['first', 'second', 'third']);
  });

  it('orders the fields of each row as the query selects them', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ alphas { code id } }' }) });
    expect(await response.text()).toBe('{"data":{"alphas":[{"code":"310106013","id":"Alpha-1"}]}}');
  });
});
