import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector } from '../../connectors/index.ts';
import { startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { PERSONAS, generateDevKeyPair, mintToken, type DevKeyPair, type PersonaName } from '../../governance/index.ts';

/**
 * The governed schema with catalogue variations the sample city does not ship: a field
 * shared `none`, and a field whose legacy values do not fit its declared type (so the error
 * quotes a personal value).
 */
describe('the governed city schema', () => {
  let dataDir: string;
  let city: SampleCity;
  let hub: CityHub;
  let keys: DevKeyPair;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-governed-schema-'));
    city = await startSampleCity({ dataDir });
    keys = await generateDevKeyPair();
    const definitions = city.definitions.map((definition) => {
      if (definition.manifest.id !== 'elderly-registry') return definition;
      const fields = { ...definition.manifest.catalogue.ElderlyResident!.fields };
      fields.idNumber = { ...fields.idNumber!, sharing: 'none' };
      // A catalogue mistake: names declared Int, so every row fails with a message quoting the name.
      fields.name = { ...fields.name!, type: 'Int' };
      return defineConnector({ ...definition.manifest, catalogue: { ElderlyResident: { ...definition.manifest.catalogue.ElderlyResident!, fields } } });
    });
    hub = await createCityHub({
      definitions,
      env: city.env,
      dataDir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      governance: {
        identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE },
        databaseUrl: 'sqlite::memory:',
      },
    });
  });
  afterAll(async () => {
    await hub.close();
    await city.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ask(persona: PersonaName | null, query: string, purpose?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (persona) {
      headers.authorization = `Bearer ${await mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE })}`;
      headers['x-cityhub-purpose'] = purpose ?? PERSONAS[persona].purposes[0]!;
    }
    const response = await hub.yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) });
    return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
  }

  it('leaves fields shared "none" out of the city schema, even for their own department', async () => {
    const introspection = await ask('caseWorker', '{ __type(name: "ElderlyResident") { fields { name } } }');
    const names = introspection.data.__type.fields.map((field: { name: string }) => field.name);
    expect(names).toContain('phone');
    expect(names).not.toContain('idNumber');
    const direct = await ask('caseWorker', '{ elderlyResidents(first: 1) { idNumber } }');
    expect(direct.errors![0]!.message).toMatch(/Cannot query field "idNumber" on type "ElderlyResident"/);
  });

  it('makes every non-open field nullable, so a withheld value never nulls its row', async () => {
    // Asked as a case worker: anonymous callers may not introspect outside development.
    const introspection = await ask('caseWorker', '{ __type(name: "CommunityWorker") { fields { name type { kind } } } }');
    const kinds = Object.fromEntries(introspection.data.__type.fields.map((f: { name: string; type: { kind: string } }) => [f.name, f.type.kind]));
    expect(kinds.phone).toBe('SCALAR');
    expect(kinds.role).toBe('SCALAR');
    const grid = await ask('caseWorker', '{ __type(name: "Grid") { fields { name type { kind } } } }');
    expect(grid.data.__type.fields.find((f: { name: string }) => f.name === 'code').type.kind).toBe('NON_NULL');
  });

  it('keeps a value the principal may not read in the clear out of error messages', async () => {
    const outsider = await ask('streetOfficer', '{ elderlyResidents(first: 1) { personId name } }');
    const message = outsider.errors!.find((e) => e.extensions?.code === 'UPSTREAM_BAD_RESPONSE')!.message;
    expect(message).toMatch(/ElderlyResident\.name .* must be Int, received a value withheld by policy/);
    const names = new Set(city.model.residents.map((r) => r.name));
    expect([...names].some((name) => message.includes(name))).toBe(false);
    expect(message).not.toMatch(/P[0-9a-f]{20,}/);

    // Its own department reads names in the clear, so it sees what the source sent.
    const own = await ask('caseWorker', '{ elderlyResidents(first: 1) { personId name } }');
    const ownMessage = own.errors!.find((e) => e.extensions?.code === 'UPSTREAM_BAD_RESPONSE')!.message;
    expect([...names].some((name) => ownMessage.includes(name))).toBe(true);
  });

  it('fails closed when the governed schema runs without the governance plugin', async () => {
    const { execute, parse } = await import('graphql');
    const schema = hub.governance!.schemaFor(hub.registry.schema, hub.registry.connectors.map((c) => c.manifest));
    const result = await execute({ schema, document: parse('{ districts(first: 1) { code } }'), contextValue: {} });
    expect(result.errors![0]!.message).toMatch(/carries no verified identity/);
  });
});
