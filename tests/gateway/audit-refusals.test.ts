import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { openHubStores, type HubStores } from '../../gateway/store-database.ts';
import { serveTinySubgraph, type TinySubgraph } from '../support/federation-subgraph.ts';

describe('audit entries of refused, partial and __typename-only requests', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-audit-refusals-'));
  let alphas: TinySubgraph;
  let betas: TinySubgraph;
  let stores: HubStores;
  let hub: CityHub;
  let url: string;
  beforeAll(async () => {
    alphas = await serveTinySubgraph({ type: 'Alpha', list: 'alphas', ids: ['a-1', 'a-2'] });
    betas = await serveTinySubgraph({ type: 'Beta', list: 'betas' });
    stores = await openHubStores({ dataDir });
    hub = await createCityHub({
      definitions: [alphas.definition, betas.definition],
      env: { [alphas.endpointEnv]: alphas.url, [betas.endpointEnv]: betas.url },
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      audit: stores.audit!,
    });
    url = `${await hub.listen(0)}/graphql`;
  });
  afterAll(async () => {
    await hub?.close();
    await stores?.close();
    await alphas?.close();
    await betas?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const post = async (body: unknown) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const newEntries = async (before: number) => (await stores.audit!.search({})).entries.filter((entry) => entry.seq > before);
  const headSeq = async () => (await stores.audit!.head())?.seq ?? 0;

  it('records a document refused at validation, with its code and operation name', async () => {
    const before = await headSeq();
    const refused = await post({ query: 'query Invalid { alphas { noSuchField } }' });
    expect(refused.body.errors.length).toBeGreaterThan(0);
    const entries = await newEntries(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ operationName: 'Invalid', outcome: 'error', errorCode: refused.body.errors[0].extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED', principal: 'anonymous', sources: [] });
  });

  it('records a document that does not parse', async () => {
    const before = await headSeq();
    const refused = await post({ query: '{ alphas { id ' });
    expect(refused.body.errors.length).toBeGreaterThan(0);
    const entries = await newEntries(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.outcome).toBe('error');
    expect(entries[0]!.errorCode).toBe(refused.body.errors[0].extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED');
  });

  it('records a rejected batch', async () => {
    const before = await headSeq();
    const refused = await post([{ query: '{ alphas { id } }' }, { query: '{ betas { id } }' }]);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const entries = await newEntries(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.outcome).toBe('error');
    expect(entries[0]!.errorCode).not.toBeNull();
  });

  it('logs a missing variable as BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const before = await headSeq();
    const refused = await post({ query: 'query Missing($first: Int!) { alphas(first: $first) { id } }' });
    expect(refused.body.errors.length).toBeGreaterThan(0);
    const entries = await newEntries(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.errorCode).toBe('BAD_USER_INPUT');
  });

  it('audits a read that selects only __typename of catalogued rows, counting the rows', async () => {
    const before = await headSeq();
    const read = await post({ query: 'query Kinds { alphas { __typename } }' });
    expect(read.body.data).toEqual({ alphas: [{ __typename: 'Alpha' }, { __typename: 'Alpha' }] });
    const entries = await newEntries(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.sources).toMatchObject([{ system: 'alphas-system', fieldsRead: ['Alpha.__typename'], rowsReturned: 2 }]);
  });

  it('marks an entry partial and names the source that did not deliver', async () => {
    const down = await serveTinySubgraph({ type: 'Gamma', list: 'gammas' });
    const partialHub = await createCityHub({
      definitions: [betas.definition, down.definition],
      env: { [betas.endpointEnv]: betas.url, [down.endpointEnv]: down.url },
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      audit: stores.audit!,
    });
    try {
      await down.close();
      const before = await headSeq();
      const response = await partialHub.yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query Both { betas { id } gammas { id } }' }),
      });
      const body = (await response.json()) as any;
      expect(body.errors[0].extensions).toMatchObject({ connector: 'gammas-system' });
      const entries = await newEntries(before);
      expect(entries).toHaveLength(1);
      if (body.data) {
        expect(entries[0]!.outcome).toBe('partial');
        expect(entries[0]!.sources.find((source) => source.system === 'betas-system')?.outcome).toBe('ok');
      } else {
        expect(entries[0]!.outcome).toBe('error');
      }
      expect(entries[0]!.errorCode).toBe(body.errors[0].extensions.code);
      expect(entries[0]!.sources.find((source) => source.system === 'gammas-system')?.outcome).toBe('error');
    } finally {
      await partialHub.close();
    }
  });
});
