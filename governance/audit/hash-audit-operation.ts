import { createHash } from 'node:crypto';
import { parse, print, type DocumentNode } from 'graphql';
import { canonicalJson } from './canonical-json.ts';

/** Options of {@link hashAuditOperation}. */
export interface HashAuditOperationOptions {
  /** The operation document, as text or parsed. */
  readonly document: string | DocumentNode;
  /** The request's variables. @default {} */
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

/**
 * The `operationHash` of an audit entry: SHA-256 (hex) of the normalised document (parsed and
 * printed by `graphql`, so whitespace and comments do not matter), a newline, and the
 * {@link canonicalJson} form of the variables (after a JSON round trip, as they travelled).
 *
 * ```ts
 * const operationHash = hashAuditOperation({ document: params.query, variables: params.variables });
 * ```
 */
export function hashAuditOperation(options: HashAuditOperationOptions): string {
  const text = typeof options.document === 'string' ? print(parse(options.document)) : printOnce(options.document);
  const variables = JSON.parse(JSON.stringify(options.variables ?? {})) as unknown;
  return createHash('sha256').update(text).update('\n').update(canonicalJson(variables)).digest('hex');
}

// Private: a parsed document is printed once. The gateway hands the same (cached, immutable)
// document to every request of an operation; the text depends on nothing but the document,
// and an entry lives only as long as its document.
const printed = new WeakMap<DocumentNode, string>();
function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
}
