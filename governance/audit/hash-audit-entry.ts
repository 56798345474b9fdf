import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-entry.ts';
import { canonicalJson } from './canonical-json.ts';

/** The `prevHash` of the first entry in a chain: 64 zeros. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * Computes an entry's hash: the SHA-256, in lower-case hex, of its `prevHash` followed by the
 * {@link canonicalJson} form of every field except `hash` (extra properties are ignored).
 * The optional fields of entry format 2 are hashed only when present (see `AuditEntry`).
 *
 * An outside verifier needs nothing else: parse an exported line, drop `hash`, canonicalise,
 * prepend `prevHash`, hash, compare; then check the next line's `prevHash`.
 *
 * ```ts
 * const ok = hashAuditEntry(entry) === entry.hash;
 * ```
 */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const body = {
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    requestId: entry.requestId,
    principal: entry.principal,
    department: entry.department,
    purpose: entry.purpose,
    operationName: entry.operationName,
    operationHash: entry.operationHash,
    outcome: entry.outcome,
    errorCode: entry.errorCode,
    latencyMs: entry.latencyMs,
    sources: entry.sources.map((source) => ({
      system: source.system,
      fieldsRead: source.fieldsRead,
      rowsReturned: source.rowsReturned,
      personalKeys: source.personalKeys,
      rowsFiltered: source.rowsFiltered,
      fieldsMasked: source.fieldsMasked,
      fieldsDenied: source.fieldsDenied,
      conditionalFields: source.conditionalFields,
      agreementIds: source.agreementIds,
      outcome: source.outcome,
      latencyMs: source.latencyMs,
      ...(source.keysDenied !== undefined ? { keysDenied: source.keysDenied } : {}),
    })),
    // Entry format 2's optional fields take part only when present, so older entries hash as before.
    ...(entry.jurisdictions !== undefined ? { jurisdictions: entry.jurisdictions } : {}),
    ...(entry.agreementActions !== undefined ? { agreementActions: entry.agreementActions.map(({ agreementId, action, status }) => ({ agreementId, action, status })) } : {}),
    ...(entry.entriesReturned !== undefined ? { entriesReturned: entry.entriesReturned.map(([from, to]) => [from, to]) } : {}),
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(body)).digest('hex');
}
