import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLError, Kind, parse } from 'graphql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { readScenarioExample, scenarioExampleHeaders, type ScenarioExample } from './scenario-example.ts';

/** One scenario document of `gateway/operations/`: a plain GraphQL file of named operations. */
export interface ScenarioDocument {
  /** The scenario id, the file name without `.graphql` (`historic-buildings`). */
  readonly id: string;
  /** The file it was read from. */
  readonly file: string;
  /** The document text, as written. */
  readonly document: string;
  /** The names of its operations, in order. */
  readonly operations: readonly string[];
  /** How to try it: example variables, persona and purpose (see {@link readScenarioExample}). */
  readonly example: ScenarioExample;
}

/** Where the scenario documents ship: `gateway/operations/` beside this module. */
export const DEFAULT_OPERATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'operations');

/** Where {@link useScenarioOperations} lists the documents. */
export const OPERATIONS_PATH = '/operations';

/**
 * Reads every `*.graphql` document of a directory (sorted by name), once. Each must parse
 * and name every operation it holds: a bad file throws a `TypeError` naming it. A missing
 * directory holds no documents.
 *
 * ```ts
 * const documents = loadScenarioDocuments();           // gateway/operations/*.graphql
 * documents.find((d) => d.id === 'historic-buildings')!.document;
 * ```
 */
export function loadScenarioDocuments(options: { /** @default DEFAULT_OPERATIONS_DIR */ readonly dir?: string } = {}): ScenarioDocument[] {
  const dir = options.dir ?? DEFAULT_OPERATIONS_DIR;
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.graphql')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.map((name) => {
    const file = join(dir, name);
    const document = readFileSync(file, 'utf8');
    let parsed;
    try {
      parsed = parse(document);
    } catch (error) {
      throw new TypeError(`scenario document ${file} does not parse: ${error instanceof GraphQLError ? error.message : String(error)}`);
    }
    const operations: string[] = [];
    for (const definition of parsed.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      if (!definition.name) throw new TypeError(`scenario document ${file} holds an anonymous ${definition.operation}: name every operation`);
      operations.push(definition.name.value);
    }
    if (operations.length === 0) throw new TypeError(`scenario document ${file} holds no operation`);
    return { id: basename(name, '.graphql'), file, document, operations, example: readScenarioExample(file, document, parsed) };
  });
}

/**
 * GraphiQL opening on the scenario documents: one tab per document, with its example
 * variables and headers (the purpose, and where to get the persona's token), and the first
 * as the default query.
 *
 * ```ts
 * createCityHub({ definitions, graphiql: scenarioGraphiql(loadScenarioDocuments()) });
 * ```
 */
export function scenarioGraphiql(documents: readonly ScenarioDocument[]): GraphiQLOptions {
  if (documents.length === 0) return { title: 'CityHub' };
  return {
    title: 'CityHub',
    defaultQuery: documents[0]!.document,
    defaultTabs: documents.map(({ document, example }) => ({
      query: document,
      variables: JSON.stringify(example.variables, null, 2),
      headers: JSON.stringify(scenarioExampleHeaders(example), null, 2),
    })),
  };
}

/**
 * Serves the scenario documents: `GET /operations` lists them as JSON (id, operation
 * names, document, example), `GET /operations/<id>.graphql` answers one as text.
 *
 * ```ts
 * createCityHub({ definitions, plugins: [useScenarioOperations({ documents: loadScenarioDocuments() })] });
 * ```
 */
export function useScenarioOperations(options: { readonly documents: readonly ScenarioDocument[] }): Plugin {
  const listing = options.documents.map(({ id, operations, document, example }) => ({ id, operations, document, example }));
  const byFile = new Map(options.documents.map((document) => [`${OPERATIONS_PATH}/${document.id}.graphql`, document.document]));
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || (url.pathname !== OPERATIONS_PATH && !url.pathname.startsWith(`${OPERATIONS_PATH}/`))) return;
      if (url.pathname === OPERATIONS_PATH) {
        endResponse(fetchAPI.Response.json({ operations: listing }));
        return;
      }
      const document = byFile.get(url.pathname);
      endResponse(
        document === undefined
          ? fetchAPI.Response.json({ error: `no scenario document at ${url.pathname}; GET ${OPERATIONS_PATH} lists them` }, { status: 404 })
          : new fetchAPI.Response(document, { headers: { 'content-type': 'application/graphql; charset=utf-8' } }),
      );
    },
  };
}
