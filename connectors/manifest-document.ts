import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { defineConnector } from './define-connector.ts';
import type { ConnectorDefinition } from './sdk/define-connector.ts';
import { ManifestError, type ManifestIssue } from './sdk/manifest-error.ts';
import { MANIFEST_SCHEMA_KEY } from './sdk/manifest-json-schema.ts';

/** The document formats a manifest may be written in. */
export type ManifestFormat = 'json' | 'yaml';

/** Options of {@link parseManifestDocument}. */
export interface ParseManifestDocumentOptions {
  /**
   * How the text is written. JSON is parsed strictly (no comments, no trailing commas);
   * YAML 1.2 also reads JSON.
   * @default from the extension of `file` (`.json` → json, `.yaml`/`.yml` → yaml), else 'yaml'
   */
  readonly format?: ManifestFormat;
  /** The document's name, for error messages (`farm-subsidies.yaml`). @default none */
  readonly file?: string;
}

export { MANIFEST_SCHEMA_KEY };

/**
 * Reads a connector manifest written as a JSON or YAML document and validates it with the
 * very schema {@link defineConnector} uses, so a document and the equivalent TypeScript object
 * give the same definition.
 *
 * A refused document throws a {@link ManifestError} naming the file and every offending
 * path, each with its line and column in the document: the parser's syntax errors (path
 * `(root)`), then the manifest's validation issues. A path the document lacks (a missing
 * field) points at the nearest enclosing entry that is there. Duplicate keys are refused,
 * in JSON too, and YAML aliases expand at most 100 times (no "billion laughs").
 *
 * ```ts
 * const definition = parseManifestDocument(text, { format: 'yaml', file: 'farm-subsidies.yaml' });
 * ```
 */
export function parseManifestDocument(text: string, options: ParseManifestDocumentOptions = {}): ConnectorDefinition {
  const { data, document, at } = readDocument(text, options);
  try {
    return defineConnector(data);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    const connectorId = (error.extensions as { connector?: string }).connector;
    const located = error.issues.map((issue) => {
      const offset = offsetOfPath(document, issue.path);
      return offset === undefined ? issue : { ...issue, ...at(offset) };
    });
    throw new ManifestError(connectorId, located, { file: options.file });
  }
}

/**
 * The data of a manifest document, parsed but not validated (the registry stores it as
 * submitted, and its check reports what is wrong): the same parsing as
 * {@link parseManifestDocument}, so a syntax error throws a {@link ManifestError} with its
 * line and column, duplicate keys are refused, and `"$schema"` is dropped.
 *
 * ```ts
 * const candidate = parseManifestData(text, { file: 'meal-sites.json' });
 * ```
 */
export function parseManifestData(text: string, options: ParseManifestDocumentOptions = {}): unknown {
  return readDocument(text, options).data;
}

// Private: parses a document, refusing syntax errors with their positions.
function readDocument(text: string, options: ParseManifestDocumentOptions): { data: unknown; document: Document; at: (offset: number) => { line: number; column: number } } {
  const format = options.format ?? formatOf(options.file) ?? 'yaml';
  if (format !== 'json' && format !== 'yaml') throw new TypeError(`format must be "json" or "yaml", received ${JSON.stringify(format)}`);
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const syntax: ManifestIssue[] = document.errors.map((error) => ({
    path: '',
    // The position is reported on its own; the parser's message repeats it with an excerpt.
    message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    ...at(error.pos[0]),
  }));
  if (format === 'json' && syntax.length === 0) {
    const refusal = strictJsonRefusal(text);
    if (refusal) syntax.push({ path: '', message: refusal.message, ...at(refusal.offset) });
  }
  if (syntax.length > 0) throw new ManifestError(undefined, syntax, { file: options.file });

  const data: unknown = document.toJS({ maxAliasCount: 100 });
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && MANIFEST_SCHEMA_KEY in data) {
    delete (data as Record<string, unknown>)[MANIFEST_SCHEMA_KEY];
  }
  return { data, document, at };
}

/**
 * Finds manifest paths in a document: the returned function answers the line and column of
 * a dotted path (`catalogue.Farm.fields.phone.mask`), or of the nearest enclosing entry the
 * document has when the path itself is missing, and `undefined` for a path whose first
 * segment is not a top-level key (a schema coordinate such as `Query.farms`) or a document
 * that does not parse.
 *
 * ```ts
 * const locate = manifestPathLocator(text);
 * locate('source.endpointEnv'); // { line: 9, column: 5 }
 * ```
 */
export function manifestPathLocator(text: string): (path: string) => { line: number; column: number } | undefined {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  return (path) => {
    const top = path.split('.')[0]!;
    if (document.errors.length > 0 || !isMap(document.contents) || !document.contents.has(top)) return undefined;
    const offset = offsetOfPath(document, path);
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}

/**
 * Reads a manifest document from a file (`.json`, `.yaml` or `.yml`) and validates it like
 * {@link parseManifestDocument}; errors name the file by its base name.
 *
 * ```ts
 * const definition = await loadManifestDocument('connectors/farm-subsidies.json');
 * ```
 */
export async function loadManifestDocument(path: string): Promise<ConnectorDefinition> {
  const format = formatOf(path);
  if (!format) throw new TypeError(`a manifest document must be a .json, .yaml or .yml file, received ${JSON.stringify(path)}`);
  const text = await readFile(path, 'utf8');
  return parseManifestDocument(text, { format, file: basename(path) });
}

/** The format a file name's extension says, if any. */
export function formatOf(file: string | undefined): ManifestFormat | undefined {
  const extension = file === undefined ? '' : extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return undefined;
}

// Private: what JSON.parse refuses that YAML accepts (comments, unquoted strings, trailing commas…).
function strictJsonRefusal(text: string): { message: string; offset: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    // V8 quotes the whole text in some messages ('Unexpected token }, "{…}" is not valid JSON'): keep the reason only.
    const reason = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    return { message: `not valid JSON: ${reason}`, offset: position ? Number(position[1]) : text.length };
  }
}

/**
 * The offset in the document of a dotted manifest path (`catalogue.Farm.fields.area`): its
 * key when it is a map entry, its item when it is a list entry, or the nearest enclosing
 * entry the document has. Record keys may themselves hold dots, so a segment that is not a
 * key is tried joined with the segments after it.
 */
function offsetOfPath(document: Document, path: string): number | undefined {
  const segments = path === '' ? [] : path.split('.');
  let node: unknown = document.contents;
  let offset = (document.contents as Node | null)?.range?.[0];
  for (let index = 0; index < segments.length; ) {
    let advanced = 0;
    if (isMap(node)) {
      const map = node;
      for (let end = index + 1; end <= segments.length && advanced === 0; end++) {
        const key = segments.slice(index, end).join('.');
        const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
        if (pair) {
          offset = (pair.key as Node).range?.[0] ?? offset;
          node = pair.value;
          advanced = end - index;
        }
      }
    } else if (isSeq(node) && /^\d+$/.test(segments[index]!)) {
      const item = node.items[Number(segments[index])];
      if (item) {
        offset = (item as Node).range?.[0] ?? offset;
        node = item;
        advanced = 1;
      }
    }
    if (advanced === 0) break;
    index += advanced;
  }
  return offset;
}
