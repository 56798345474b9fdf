import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createYoga } from 'graphql-yoga';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATIONS_DIR, loadScenarioDocuments, scenarioGraphiql, useScenarioOperations } from '../../gateway/operations.ts';

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-operations-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const schema = makeExecutableSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });

describe('scenario documents', () => {
  it('reads every .graphql file of the folder, sorted, with its operation names', () => {
    const dir = folder({
      'b-scenario.graphql': 'query Second { hello }\nquery Third($x: String) { hello }',
      'a-scenario.graphql': '# the first\nquery First { hello }',
      'notes.md': 'not a document',
    });
    expect(loadScenarioDocuments({ dir }).map(({ id, operations }) => ({ id, operations }))).toEqual([
      { id: 'a-scenario', operations: ['First'] },
      { id: 'b-scenario', operations: ['Second', 'Third'] },
    ]);
  });

  it('names the file of a document that does not parse, has an anonymous operation or none', () => {
    const broken = folder({ 'broken.graphql': 'query Broken { hello ' });
    expect(() => loadScenarioDocuments({ dir: broken })).toThrow(new RegExp(`^scenario document ${join(broken, 'broken.graphql')} does not parse: Syntax Error`));
    const anonymous = folder({ 'anon.graphql': '{ hello }' });
    expect(() => loadScenarioDocuments({ dir: anonymous })).toThrow(new TypeError(`scenario document ${join(anonymous, 'anon.graphql')} holds an anonymous query: name every operation`));
    const fragments = folder({ 'only-fragment.graphql': 'fragment F on Query { hello }' });
    expect(() => loadScenarioDocuments({ dir: fragments })).toThrow(new TypeError(`scenario document ${join(fragments, 'only-fragment.graphql')} holds no operation`));
  });

  it('holds no documents when the folder does not exist', () => {
    expect(loadScenarioDocuments({ dir: join(tmpdir(), 'cityhub-no-such-folder') })).toEqual([]);
  });

  it('ships documents in gateway/operations that all parse and name their operations', () => {
    const shipped = loadScenarioDocuments();
    expect(DEFAULT_OPERATIONS_DIR.endsWith(join('gateway', 'operations'))).toBe(true);
    for (const document of shipped) expect(document.operations.length).toBeGreaterThan(0);
  });

  it('opens GraphiQL with one tab per document and lists them at /operations', async () => {
    const dir = folder({ 'a.graphql': 'query A { hello }', 'b.graphql': 'query B { hello }' });
    const documents = loadScenarioDocuments({ dir });
    expect(scenarioGraphiql(documents)).toMatchObject({ defaultQuery: 'query A { hello }', defaultTabs: [{ query: 'query A { hello }', variables: '{}', headers: '{}' }, { query: 'query B { hello }' }] });
    const yoga = createYoga({ schema, graphiql: scenarioGraphiql(documents), plugins: [useScenarioOperations({ documents })], logging: false });
    const page = await (await yoga.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('query B { hello }');
    const listing = await yoga.fetch('http://yoga/operations');
    expect(listing.status).toBe(200);
    expect(await listing.json()).toEqual({
      operations: [
        { id: 'a', operations: ['A'], document: 'query A { hello }', example: { variables: {} } },
        { id: 'b', operations: ['B'], document: 'query B { hello }', example: { variables: {} } },
      ],
    });
    const one = await yoga.fetch('http://yoga/operations/b.graphql');
    expect(one.headers.get('content-type')).toContain('application/graphql');
    expect(await one.text()).toBe('query B { hello }');
    const missing = await yoga.fetch('http://yoga/operations/c.graphql');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no scenario document at /operations/c.graphql; GET /operations lists them' });
    // Other paths are left to the server.
    expect((await yoga.fetch('http://yoga/graphql?query={hello}')).status).toBe(200);
  });

  it('opens each tab with the example variables and JSON headers of its document, saying how to get the token', () => {
    const text = '# Variables: { "code": "310106", "first": 2 }\n# Persona: caseWorker\n# Purpose: elderly-care\nquery A($code: ID!, $first: Int, $all: Boolean = true) { hello }';
    const [document] = loadScenarioDocuments({ dir: folder({ 'a.graphql': text }) });
    expect(document!.example).toEqual({ variables: { code: '310106', first: 2 }, persona: 'caseWorker', purpose: 'elderly-care' });
    const [tab] = scenarioGraphiql([document!]).defaultTabs!;
    expect(JSON.parse(tab!.variables!)).toEqual({ code: '310106', first: 2 });
    expect(JSON.parse(tab!.headers!)).toEqual({
      authorization: 'Bearer <paste the caseWorker token that npm start prints, or run: npx cityhub token caseWorker>',
      'x-cityhub-purpose': 'elderly-care',
    });
  });

  it('opens a tab without headers for a document naming no persona', () => {
    const [document] = loadScenarioDocuments({ dir: folder({ 'a.graphql': '# Variables: { "x": 1 }\nquery A($x: Int!) { hello }' }) });
    expect(scenarioGraphiql([document!]).defaultTabs).toEqual([{ query: document!.document, variables: '{\n  "x": 1\n}', headers: '{}' }]);
  });

  it('refuses a document whose example is missing a variable, is not a JSON object, or names another persona or purpose', () => {
    const cases: Array<[string, string]> = [
      ['query A($x: Int!, $y: ID!, $z: Int, $w: Int! = 1) { hello }', 'gives no example value for $x, $y: add them to its "# Variables: { … }" line'],
      ['# Variables: { "x": 1, "z": 2 }\nquery A($x: Int) { hello }', 'gives example values for undeclared variables $z'],
      ['# Variables: { x: 1 }\nquery A { hello }', 'its "# Variables:" line is not JSON'],
      ['# Variables: [1]\nquery A { hello }', 'its "# Variables:" line must be a JSON object, received [1]'],
      ['# Variables: {}\n# Variables: {}\nquery A { hello }', 'has two "# Variables:" lines'],
      ['# Persona: mayor\nquery A { hello }', '"# Persona: mayor" is not a sample persona (one of cityOperationsOfficer,'],
      ['# Persona: caseWorker\n# Purpose: audit\nquery A { hello }', 'persona caseWorker may not declare the purpose "audit" (its purposes: elderly-care, service-approval)'],
      ['# Purpose: audit\nquery A { hello }', 'declares a purpose without a "# Persona:" line'],
    ];
    for (const [text, message] of cases) {
      const dir = folder({ 'a.graphql': text });
      expect(() => loadScenarioDocuments({ dir })).toThrow(`scenario document ${join(dir, 'a.graphql')}`);
      expect(() => loadScenarioDocuments({ dir })).toThrow(message);
    }
  });

  it('opens GraphiQL without a default query when there are no documents', () => {
    expect(scenarioGraphiql([])).toEqual({ title: 'CityHub' });
  });
});
