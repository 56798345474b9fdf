import type { AuditAgreementAction, AuditAgreementActionKind, AuditEntry, AuditEntryInput, AuditOutcome, AuditSeqRange, AuditSourceAccess } from './audit-entry.ts';

/** An input checked and normalised, waiting for its place in the chain. @internal */
export type NormalizedAuditEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

const OUTCOMES: readonly AuditOutcome[] = ['ok', 'error', 'denied', 'partial'];
const AGREEMENT_ACTIONS: readonly AuditAgreementActionKind[] = ['request', 'approve', 'reject', 'revoke'];
// Lone surrogates and NUL do not survive PostgreSQL's UTF-8 text type unchanged, so an entry
// holding one could never be re-hashed to the same value after a round trip.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_INTEGER = 2_147_483_647;

/**
 * Checks an {@link AuditEntryInput} and returns a plain, frozen-shape copy (so later changes to
 * the caller's object cannot change what is hashed). Throws a `TypeError` naming the field and
 * the value received. @internal
 */
export function normalizeAuditEntry(input: AuditEntryInput, now: () => Date): NormalizedAuditEntry {
  if (typeof input !== 'object' || input === null) throw new TypeError(`audit entry must be an object, received ${String(input)}`);
  const occurredAt = input.occurredAt ?? now();
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
    throw new TypeError(`audit entry occurredAt must be a valid Date, received ${String(occurredAt)}`);
  }
  if (!Array.isArray(input.sources)) throw new TypeError(`audit entry sources must be an array, received ${String(input.sources)}`);
  return {
    occurredAt: occurredAt.toISOString(),
    requestId: text(input.requestId, 'requestId'),
    principal: optionalText(input.principal, 'principal'),
    department: optionalText(input.department, 'department'),
    purpose: optionalText(input.purpose, 'purpose'),
    operationName: optionalText(input.operationName, 'operationName'),
    operationHash: text(input.operationHash, 'operationHash'),
    outcome: outcome(input.outcome, 'outcome'),
    errorCode: optionalText(input.errorCode ?? null, 'errorCode'),
    latencyMs: duration(input.latencyMs, 'latencyMs'),
    sources: input.sources.map((source, index) => normalizeSource(source, `sources[${index}]`)),
    // Entry format 2: an optional field the input lacks stays absent (see `AuditEntry`).
    ...(input.jurisdictions !== undefined ? { jurisdictions: texts(input.jurisdictions, 'jurisdictions') } : {}),
    ...(input.agreementActions !== undefined ? { agreementActions: agreementActions(input.agreementActions, 'agreementActions') } : {}),
    ...(input.entriesReturned !== undefined ? { entriesReturned: seqRanges(input.entriesReturned, 'entriesReturned') } : {}),
  };
}

function agreementActions(value: unknown, path: string): AuditAgreementAction[] {
  if (!Array.isArray(value)) throw new TypeError(`audit entry ${path} must be an array of agreement actions, received ${JSON.stringify(value)}`);
  return value.map((item: Partial<AuditAgreementAction> | null, index) => {
    const at = `${path}[${index}]`;
    if (typeof item !== 'object' || item === null) throw new TypeError(`audit entry ${at} must be an object, received ${JSON.stringify(item)}`);
    if (!AGREEMENT_ACTIONS.includes(item.action as AuditAgreementActionKind)) {
      throw new TypeError(`audit entry ${at}.action must be one of ${AGREEMENT_ACTIONS.join(', ')}, received ${JSON.stringify(item.action)}`);
    }
    return {
      agreementId: optionalText(item.agreementId ?? null, `${at}.agreementId`),
      action: item.action as AuditAgreementActionKind,
      status: optionalText(item.status ?? null, `${at}.status`),
    };
  });
}

function seqRanges(value: unknown, path: string): AuditSeqRange[] {
  if (!Array.isArray(value)) throw new TypeError(`audit entry ${path} must be an array of [from, to] seq ranges, received ${JSON.stringify(value)}`);
  let last = 0;
  return value.map((range: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!Array.isArray(range) || range.length !== 2) throw new TypeError(`audit entry ${at} must be a [from, to] pair, received ${JSON.stringify(range)}`);
    const from = count(range[0], `${at}[0]`);
    const to = count(range[1], `${at}[1]`);
    if (from < 1 || to < from || from <= last) {
      throw new TypeError(`audit entry ${at} must be an ascending range of seqs from 1, after the previous one, received ${JSON.stringify(range)}`);
    }
    last = to;
    return [from, to] as const;
  });
}

function normalizeSource(source: AuditSourceAccess, path: string): AuditSourceAccess {
  if (typeof source !== 'object' || source === null) throw new TypeError(`audit entry ${path} must be an object, received ${String(source)}`);
  return {
    system: text(source.system, `${path}.system`),
    fieldsRead: texts(source.fieldsRead, `${path}.fieldsRead`),
    rowsReturned: count(source.rowsReturned, `${path}.rowsReturned`),
    personalKeys: texts(source.personalKeys, `${path}.personalKeys`),
    rowsFiltered: count(source.rowsFiltered, `${path}.rowsFiltered`),
    fieldsMasked: texts(source.fieldsMasked, `${path}.fieldsMasked`),
    fieldsDenied: texts(source.fieldsDenied, `${path}.fieldsDenied`),
    conditionalFields: texts(source.conditionalFields, `${path}.conditionalFields`),
    agreementIds: texts(source.agreementIds, `${path}.agreementIds`),
    outcome: outcome(source.outcome, `${path}.outcome`),
    latencyMs: duration(source.latencyMs, `${path}.latencyMs`),
    ...(source.keysDenied !== undefined ? { keysDenied: texts(source.keysDenied, `${path}.keysDenied`) } : {}),
  };
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '' || UNSTORABLE.test(value)) {
    throw new TypeError(`audit entry ${path} must be a non-empty string without NUL or lone surrogates, received ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalText(value: unknown, path: string): string | null {
  return value === null ? null : text(value, `${path} (null when absent)`);
}

function texts(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new TypeError(`audit entry ${path} must be an array of strings, received ${JSON.stringify(value)}`);
  return value.map((item, index) => text(item, `${path}[${index}]`));
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_INTEGER) {
    throw new TypeError(`audit entry ${path} must be an integer from 0 to ${MAX_INTEGER}, received ${JSON.stringify(value)}`);
  }
  return value;
}

function duration(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`audit entry ${path} must be a finite number of milliseconds >= 0, received ${JSON.stringify(value)}`);
  }
  return Object.is(value, -0) ? 0 : value;
}

function outcome(value: unknown, path: string): AuditOutcome {
  if (!OUTCOMES.includes(value as AuditOutcome)) {
    throw new TypeError(`audit entry ${path} must be one of ${OUTCOMES.join(', ')}, received ${JSON.stringify(value)}`);
  }
  return value as AuditOutcome;
}
