import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeHub, type EdgeHub } from '../../support/edge-hub.ts';

/** A root list's `in: [...]` filter on its key field, over HTTP through a governed hub. */
describe('the list filter in: [...] on the key field', () => {
  let edge: EdgeHub;
  let people: Array<{ personId: string; streetCode: string }>;
  beforeAll(async () => {
    edge = await startEdgeHub();
    const response = await edge.post('caseWorker', { query: '{ people(first: 200) { personId streetCode } }' });
    people = response.body.data.people;
  }, 60_000);
  afterAll(async () => {
    await edge?.close();
  });

  const query = 'query Some($ids: [ID!], $street: AdminCode, $first: Int) { people(in: $ids, where: { streetCode: $street }, first: $first) { personId streetCode } }';

  it('answers the rows of the keys given, in their order, each once, and no row for a key that matches none', async () => {
    const [a, b, c] = [people[5]!, people[0]!, people[9]!];
    const response = await edge.post('caseWorker', { query, variables: { ids: [a.personId, 'P-NONE', b.personId, a.personId, c.personId] } });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.people.map((person: { personId: string }) => person.personId)).toEqual([a.personId, b.personId, c.personId]);
  });

  it('narrows the keys by the other filters and pages them with first', async () => {
    const street = people[0]!.streetCode;
    const ids = people.slice(0, 40).map((person) => person.personId);
    const expected = people.slice(0, 40).filter((person) => person.streetCode === street).map((person) => person.personId);
    const narrowed = await edge.post('caseWorker', { query, variables: { ids, street } });
    expect(narrowed.body.data.people.map((person: { personId: string }) => person.personId)).toEqual(expected);
    const paged = await edge.post('caseWorker', { query, variables: { ids, first: 3 } });
    expect(paged.body.data.people.map((person: { personId: string }) => person.personId)).toEqual(ids.slice(0, 3));
  });

  it('refuses more than 1,000 keys with BAD_USER_INPUT naming the argument', async () => {
    const ids = Array.from({ length: 1001 }, (_, index) => `P-${index}`);
    const response = await edge.post('caseWorker', { query, variables: { ids, first: 1 } });
    expect(response.body.errors[0]).toMatchObject({ message: 'the number of keys in `in` must be an integer from 0 to 1000, received 1001', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
