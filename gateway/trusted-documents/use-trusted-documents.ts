import { createHash } from 'node:crypto';
import { Kind, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Principal } from '../../governance/index.ts';
import { LimitError } from '../limits/limit-error.ts';
import { loadScenarioDocuments } from '../operations.ts';

/** Trusted documents by the sha256 (lowercase hex) of their text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/** The sha256 of a document's text, lowercase hex: the hash clients send. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Loads the trusted documents: every `.graphql` file of the given directories (`undefined`: the
 * scenario operations of `gateway/operations/`; they alone when no list is given), each whole file and each of its
 * operations alone (its text as written, from `query`/`subscription` to its closing brace,
 * with the fragments it spreads appended), by {@link documentHash}. Throws a `TypeError`
 * naming the file when one does not parse.
 *
 * ```ts
 * const trusted = loadTrustedDocuments([DEFAULT_OPERATIONS_DIR, '/etc/cityhub/screens']);
 * ```
 */
export function loadTrustedDocuments(dirs?: readonly (string | undefined)[]): TrustedDocuments {
  const documents = new Map<string, string>();
  for (const dir of dirs ?? [undefined]) {
    for (const scenario of loadScenarioDocuments(dir ? { dir } : {})) {
      documents.set(documentHash(scenario.document), scenario.document);
      const parsed = parse(scenario.document);
      const fragments = parsed.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((definition) => scenario.document.slice(definition.loc!.start, definition.loc!.end));
      for (const definition of parsed.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const text = [scenario.document.slice(definition.loc!.start, definition.loc!.end), ...fragments].join('\n\n');
        documents.set(documentHash(text), text);
      }
    }
  }
  return documents;
}

/** Options of {@link useTrustedDocuments}. */
export interface TrustedDocumentsOptions {
  readonly documents: TrustedDocuments;
  /** Roles that may run trusted documents only (the big screens, the open-data apps). */
  readonly roles: readonly string[];
  /** The principal of a request or operation context; `undefined` when governance is off. */
  readonly principalOf: (context: object) => Principal | undefined;
}

/**
 * Trusted documents (persisted operations) for the roles an operator restricts:
 *
 * - any caller may send a trusted document by hash instead of its text, as
 *   `extensions.persistedQuery.sha256Hash` (Apollo's format) or `documentId`; an unknown
 *   hash is refused (`UNTRUSTED_DOCUMENT`, HTTP 400);
 * - a principal holding one of `roles` may run nothing else: a document whose text is not
 *   trusted is refused before it is parsed (`UNTRUSTED_DOCUMENT`), over HTTP and WebSocket.
 *
 * ```ts
 * plugins: [useTrustedDocuments({ documents: loadTrustedDocuments(), roles: ['big-screen'], principalOf })]
 * ```
 */
export function useTrustedDocuments(options: TrustedDocumentsOptions): Plugin {
  const roles = new Set(options.roles);
  const restricted = (principal: Principal | undefined) => principal !== undefined && principal.roles.some((role) => roles.has(role));
  return {
    onParams({ params, setParams }) {
      const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
      const hash = extensions?.persistedQuery?.sha256Hash ?? (params as { documentId?: unknown }).documentId;
      if (hash === undefined || params.query) return;
      const text = typeof hash === 'string' ? options.documents.get(hash.replace(/^sha256:/, '').toLowerCase()) : undefined;
      if (text === undefined) throw new LimitError(`no trusted document has the hash ${JSON.stringify(hash)}`, 'UNTRUSTED_DOCUMENT', { hash });
      setParams({ ...params, query: text });
    },
    onParse({ context, params }) {
      const principal = options.principalOf(context);
      if (!restricted(principal)) return;
      const text = typeof params.source === 'string' ? params.source : params.source.body;
      if (options.documents.has(documentHash(text))) return;
      const role = principal!.roles.find((candidate) => roles.has(candidate));
      throw new LimitError(
        `callers with the role "${role}" may run trusted documents only: send one of the hub's persisted operations (by sha256 in extensions.persistedQuery.sha256Hash, or its exact text)`,
        'UNTRUSTED_DOCUMENT',
        { role },
      );
    },
  };
}
