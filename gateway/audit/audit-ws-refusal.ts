import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import { hashAuditOperation, type AuditLog } from '../../governance/index.ts';
import type { WsRefusal } from '../ws-subscriptions.ts';

/** Options of {@link auditWsRefusal}. */
export interface AuditWsRefusalOptions {
  /** The log the denied entries are appended to. */
  readonly log: AuditLog;
}

/**
 * The `onRefused` of `serveWsSubscriptions` with the audit on: appends one `denied` entry for
 * a WebSocket connection (or `subscribe`) refused by identity, like the HTTP 401/403 entries
 * of `useAudit`: the principal when only the purpose was refused (otherwise `null`), the
 * refusal's code as `errorCode`, no sources. A refused `subscribe` names its operation (name
 * and hash of document and variables); a refused `connection_init` has none, so its
 * `operationName` is `null` and its `operationHash` is the SHA-256 of the empty string.
 *
 * Rejects when the entry cannot be committed (the socket then closes with
 * `WS_AUDIT_UNAVAILABLE`).
 *
 * ```ts
 * serveWsSubscriptions({ server, yoga, verifier, logger, onRefused: auditWsRefusal({ log }) });
 * ```
 */
export function auditWsRefusal(options: AuditWsRefusalOptions): (refusal: WsRefusal) => Promise<void> {
  if (!options || typeof options.log?.append !== 'function') throw new TypeError(`log must be an AuditLog, received ${String(options?.log)}`);
  const { log } = options;
  return async (refusal) => {
    const operation = describeOperation(refusal.operation);
    await log.append({
      requestId: randomUUID(),
      occurredAt: refusal.occurredAt,
      principal: refusal.principal?.subject ?? null,
      department: refusal.principal?.department || null,
      purpose: null,
      operationName: operation.name,
      operationHash: operation.hash,
      outcome: 'denied',
      errorCode: refusal.code,
      latencyMs: refusal.latencyMs,
      sources: [],
    });
  };
}

// Private: the refused operation's name and hash; the raw text's SHA-256 when it does not parse.
function describeOperation(operation: WsRefusal['operation']): { name: string | null; hash: string } {
  if (!operation) return { name: null, hash: createHash('sha256').update('').digest('hex') };
  const query = typeof operation.query === 'string' ? operation.query : '';
  try {
    const document = parse(query);
    const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
    const name = operation.operationName || (operations.length === 1 ? (operations[0]!.name?.value ?? null) : null);
    return { name, hash: hashAuditOperation({ document, variables: operation.variables ?? {} }) };
  } catch {
    return { name: operation.operationName || null, hash: createHash('sha256').update(query).digest('hex') };
  }
}
