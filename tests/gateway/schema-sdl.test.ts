import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { openHubStores, type HubStores } from '../../gateway/store-database.ts';
import { loadDevKeyPair, mintToken, PERSONAS, type PersonaName } from '../../governance/index.ts';
import { runCli } from '../support/cli.ts';

describe('the city schema as SDL (GET /schema.graphql, cityhub schema print)', () => {
  let dataDir: string;
  let city: SampleCity;
  let stores: HubStores;
  let hub: CityHub;
  let url: string;
  const sdlAs = async (persona: PersonaName | null, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    if (persona) {
      const keys = await loadDevKeyPair({ dataDir });
      headers.authorization = `Bearer ${await mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE })}`;
    }
    return fetch(`${url}/schema.graphql`, { ...init, headers });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-sdl-'));
    city = await startSampleCity({ dataDir, only: ['admin-divisions', 'elderly-registry'] });
    stores = await openHubStores({ dataDir, audit: true });
    hub = await createCityHub({
      definitions: city.definitions,
      env: city.env,
      dataDir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      governance: { identity: { mode: 'development', keys: await loadDevKeyPair({ dataDir }), issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE }, agreements: stores.agreements },
      audit: stores.audit!,
    });
    url = await hub.listen(0);
  });
  afterAll(async () => {
    await hub?.close();
    await stores?.close();
    await city?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives a government principal the city schema, each catalogued type and field saying who owns it and how it is shared', async () => {
    const response = await sdlAs('caseWorker');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/graphql');
    const sdl = await response.text();
    const schema = buildSchema(sdl);
    expect(schema.getType('ElderlyResident')!.description).toContain('Owned by Civil Affairs Bureau; system elderly-registry (独居老人登记, Elderly registry).');
    const phone = (schema.getType('ElderlyResident') as any).getFields().phone;
    expect(phone.description).toBe('Owned by Civil Affairs Bureau; system elderly-registry. Sharing: conditional. Sensitivity: personal (masked: phone).');
    expect((schema.getType('District') as any).getFields().population.description).toBe('Registered residents.\n\nOwned by Civil Affairs Bureau; system admin-divisions. Sharing: unconditional. Sensitivity: internal.');
    expect(sdl).toContain('scalar AdminCode @specifiedBy(url: "https://en.wikipedia.org/wiki/GB/T_2260")');
    expect(sdl).toContain('scalar DateTime @specifiedBy(url: "https://scalars.graphql.org/andimarek/date-time")');
    expect(schema.getQueryType()!.getFields().auditEntries).toBeUndefined();
  });

  it('gives a public caller only the open fields, and the auditor the auditors’ API too', async () => {
    const open = buildSchema(await (await sdlAs(null)).text());
    const district = (open.getType('District') as any).getFields();
    expect(district.name).toBeDefined();
    expect(district.population).toBeUndefined();
    expect(open.getType('ElderlyResident')).toBeUndefined();
    expect(open.getQueryType()!.getFields().elderlyResidents).toBeUndefined();
    expect(open.getQueryType()!.getFields().districts).toBeDefined();
    const developer = await (await sdlAs('appDeveloper')).text();
    expect(developer).toBe(await (await sdlAs(null)).text());
    const auditor = buildSchema(await (await sdlAs('auditor')).text());
    expect(auditor.getQueryType()!.getFields().auditEntries).toBeDefined();
  });

  it('refuses a token that does not verify with 401 and the reason, and any method but GET', async () => {
    const refused = await fetch(`${url}/schema.graphql`, { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ errors: [{ message: 'invalid token: the token is malformed (expected a signed compact JWT with a JSON claims set)', extensions: { code: 'UNAUTHENTICATED' } }] });
    const posted = await fetch(`${url}/schema.graphql`, { method: 'POST' });
    expect(posted.status).toBe(405);
    expect(await posted.json()).toEqual({ error: '/schema.graphql answers GET only, received POST' });
  });

  it('prints the same SDL with cityhub schema print, as a persona', async () => {
    const printed = await runCli(['schema', 'print', '--url', url, '--as', 'caseWorker'], { dataDir });
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(await (await sdlAs('caseWorker')).text());
  });

  it('says in one line when no hub answers or the persona is unknown', async () => {
    const closed = await runCli(['schema', 'print', '--url', 'http://127.0.0.1:9']);
    expect(closed.code).toBe(1);
    expect(closed.stderr.trim()).toMatch(/^cityhub: no hub answered at http:\/\/127\.0\.0\.1:9 \(.+\): start one with "cityhub start", or give its address with --url$/);
    const unknown = await runCli(['schema', 'print', '--url', url, '--as', 'mayor']);
    expect(unknown.stderr.trim()).toBe(`cityhub: --as must be one of ${Object.keys(PERSONAS).join(', ')}, received "mayor"`);
  });
});
