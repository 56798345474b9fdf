import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devTokenMinter } from '../../gateway/console/dev-tokens.ts';
import { useConsole } from '../../gateway/console/serve-console.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { createIdentityVerifier, generateDevKeyPair, PERSONAS } from '../../governance/index.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }' });

describe('the console files the hub serves at /console', () => {
  let dir: string;
  let yoga: ReturnType<typeof createYoga>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'cityhub-console-secret.txt'), 'the contents outside');
    yoga = createYoga({ schema, plugins: [useConsole({ dir })] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers index.html for the app and its own routes, never cached', async () => {
    for (const path of ['/console', '/console/', '/console/audit']) {
      const response = await yoga.fetch(`http://hub${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>console</title>');
    }
  });

  it('answers the hashed assets with their type, cached for good', async () => {
    const response = await yoga.fetch('http://hub/console/assets/index-abc.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers 404 for a missing asset and for a path that would leave the build directory', async () => {
    expect((await yoga.fetch('http://hub/console/assets/nope.js')).status).toBe(404);
    const escape = await yoga.fetch('http://hub/console/assets/..%2f..%2fcityhub-console-secret.txt');
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('the contents outside');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await yoga.fetch('http://hub/console/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect((await response.json()).error).toBe('POST /console/: the console answers GET only');
    expect((await yoga.fetch('http://hub/console/', { method: 'HEAD' })).status).toBe(200);
  });

  it('says how to build the console when it was not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cityhub-console-empty-'));
    const unbuilt = createYoga({ schema, plugins: [useConsole({ dir: empty })] });
    const response = await unbuilt.fetch('http://hub/console/');
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/The CityHub console is not built .*run npm run build:console/);
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('the persona picker\'s development tokens', () => {
  let hub: EdgeHub;
  beforeAll(async () => {
    hub = await startEdgeHub({ only: ['admin-divisions'] });
  });
  afterAll(async () => {
    await hub?.close();
  });
  const mint = (body: string, contentType = 'application/json') =>
    hub.send({ path: '/console/dev-tokens', method: 'POST', headers: { 'content-type': contentType }, body });

  it('lists the sample personas on a hub that verifies with its development key', async () => {
    const listed = await hub.send({ path: '/console/dev-tokens' });
    expect(listed.status).toBe(200);
    expect(listed.body.personas.map((p: { name: string }) => p.name)).toEqual(Object.keys(PERSONAS));
    expect(listed.body.personas.find((p: { name: string }) => p.name === 'auditor')).toEqual({
      name: 'auditor', displayName: 'Auditor', department: 'Audit Bureau', roles: ['auditor'], jurisdictions: ['3101'], purposes: ['audit'],
    });
  });

  it('mints a token the hub then accepts as that persona', async () => {
    const minted = await mint(JSON.stringify({ persona: 'caseWorker' }));
    expect(minted.status).toBe(200);
    expect(minted.headers.get('cache-control')).toBe('no-store');
    const me = await hub.send({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.body.token}`, 'x-cityhub-purpose': 'elderly-care' },
      body: JSON.stringify({ query: '{ me { subject department purpose } }' }),
    });
    expect(me.body.data.me).toEqual({ subject: 'persona-case-worker', department: 'Civil Affairs Bureau', purpose: 'elderly-care' });
  });

  it('refuses an unknown persona, a body that is not JSON, another content type and other methods, saying what was wrong', async () => {
    const unknown = await mint(JSON.stringify({ persona: 'mayor' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/^POST \/console\/dev-tokens: persona must be one of cityOperationsOfficer, .*received "mayor"$/);
    const notString = await mint(JSON.stringify({ persona: 7 }));
    expect(notString.status).toBe(400);
    expect(notString.body.error).toBe('POST /console/dev-tokens: "persona" must be a string, received 7');
    const notJson = await mint('persona=auditor');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('POST /console/dev-tokens takes a JSON body {"persona": "<name>"}');
    const form = await mint(JSON.stringify({ persona: 'auditor' }), 'text/plain');
    expect(form.status).toBe(415);
    expect(form.body.error).toMatch(/takes content-type application\/json, received "text\/plain"/);
    const put = await hub.send({ path: '/console/dev-tokens', method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });
});

describe('a hub that verifies the identity provider\'s tokens', () => {
  it('has no minter: production mode, and a ready-made verifier that holds no signing key', async () => {
    expect(devTokenMinter({ mode: 'production', jwksUrl: 'https://idp.city.example/jwks', issuer: 'https://idp.city.example', audience: 'cityhub' })).toBeUndefined();
    const verifier = createIdentityVerifier({ mode: 'development', keys: await generateDevKeyPair(), issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE });
    expect(devTokenMinter(verifier)).toBeUndefined();
  });

  it('answers the picker 404, saying that tokens come from the identity provider', async () => {
    const yoga = createYoga({ schema, plugins: [useConsole()] });
    for (const method of ['GET', 'POST']) {
      const response = await yoga.fetch('http://hub/console/dev-tokens', { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{"persona":"auditor"}' } : {}) });
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatch(/development tokens are minted only when the hub verifies with its development key \(CITYHUB_JWKS_URL unset\); sign in with the city's identity provider/);
    }
  });
});
