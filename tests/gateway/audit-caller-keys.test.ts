import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type GraphQLResponse, type TestHub, requestIdOf } from '../support/sample-hub.ts';
import { addJurisdictionSelections } from '../../gateway/governance/add-jurisdiction-selections.ts';
import { buildGovernanceCatalogue } from '../../gateway/governance/governance-catalogue.ts';

// The gateway selects each catalogued row's key under a hidden alias only where the caller
// does not always select it itself; the audit then names every personal record returned from
// the caller's own selection of the key, wherever and however it is made.
describe('personal keys read from the caller’s own selection of the key', () => {
  let hub: TestHub;
  let expected: readonly string[];
  const keysOf = async (response: GraphQLResponse): Promise<readonly string[]> => {
    expect(response.errors).toBeUndefined();
    const { entries } = await hub.audit!.log.search({ requestId: requestIdOf(response) });
    expect(entries).toHaveLength(1);
    return entries[0]!.sources.find((source) => source.system === 'elderly-registry')!.personalKeys;
  };
  beforeAll(async () => {
    hub = await startTestHub({ governance: true, audit: true });
    const plain = await hub.queryAs('caseWorker', '{ elderlyResidents(first: 5) { personId } }');
    expected = (plain.data.elderlyResidents as Array<{ personId: string }>).map((row) => row.personId);
    expect(expected).toHaveLength(5);
  }, 240_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('adds no hidden key where the caller always selects the key, and one where a directive may leave it out', () => {
    const catalogue = buildGovernanceCatalogue(hub.hub.registry.manifests);
    const rewrite = (text: string) => print(addJurisdictionSelections(hub.hub.registry.schema, parse(text), catalogue));
    expect(rewrite('{ elderlyResidents { id: personId careLevel } }')).not.toContain('_cityhubKey');
    expect(rewrite('fragment R on ElderlyResident { personId } { elderlyResidents { ...R } }')).not.toContain('_cityhubKey');
    expect(rewrite('query ($x: Boolean!) { elderlyResidents { personId @include(if: $x) } }')).toContain('_cityhubKey: personId');
    expect(rewrite('query ($x: Boolean!) { elderlyResidents { ... @skip(if: $x) { personId } } }')).toContain('_cityhubKey: personId');
    expect(rewrite('{ elderlyResidents { careLevel } }')).toContain('_cityhubKey: personId');
  });

  it.each([
    ['aliased', '{ elderlyResidents(first: 5) { id: personId careLevel } }', undefined],
    ['in a fragment', 'fragment R on ElderlyResident { personId } { elderlyResidents(first: 5) { ...R careLevel } }', undefined],
    ['left out by @include', 'query ($x: Boolean!) { elderlyResidents(first: 5) { personId @include(if: $x) careLevel } }', { x: false }],
    ['aliased twice, once conditionally', 'query ($x: Boolean!) { elderlyResidents(first: 5) { a: personId @include(if: $x) b: personId careLevel } }', { x: false }],
    ['not selected', '{ elderlyResidents(first: 5) { careLevel } }', undefined],
  ])('names every record returned when the key is %s', async (_how, query, variables) => {
    const response = await hub.queryAs('caseWorker', query, variables);
    expect(await keysOf(response)).toEqual(expected);
    expect(JSON.stringify(response.data)).not.toContain('_cityhub');
  });
});
