import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioDocuments } from '../../gateway/operations.ts';
import { PURPOSE_HEADER } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const documents = loadScenarioDocuments();

describe('the scenario documents as GraphiQL opens them', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true, audit: true });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('ships six scenarios, each for a persona', () => {
    expect(documents.map((d) => d.id)).toHaveLength(6);
    for (const { id, example } of documents) expect({ id, persona: typeof example.persona, purpose: typeof example.purpose }).toEqual({ id, persona: 'string', purpose: 'string' });
  });

  for (const { id, document, example, operations } of documents) {
    for (const operationName of operations) {
      it(`answers ${id} (${operationName}) with its example variables and purpose: no root field null, rows found`, async () => {
        const response = await fetch(`${hub.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(example.persona!)}`, [PURPOSE_HEADER]: example.purpose! },
          body: JSON.stringify({ query: document, variables: example.variables, operationName }),
        });
        const body = (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> };
        expect({ status: response.status, errors: response.status === 200 ? undefined : body.errors }).toEqual({ status: 200, errors: undefined });
        const roots = Object.entries(body.data ?? {});
        expect(roots.filter(([, value]) => value === null).map(([field]) => field)).toEqual([]);
        expect(roots.some(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== null))).toBe(true);
        // Withheld fields are the only errors a persona sees on its own scenario.
        expect((body.errors ?? []).filter((error) => error.extensions?.code !== 'FORBIDDEN')).toEqual([]);
      });
    }
  }
});
