/**
 * The shape of one audit entry: what the gateway hands to {@link AuditLog.append}, and what
 * the log stores and returns.
 *
 * Every string field that may be absent is `null`, never `''`: an empty string is refused,
 * so that CSV exports (where both would be an empty cell) stay unambiguous.
 */

/**
 * How a request, or one source system's part of it, ended. `partial`: the request was served
 * with the data of the sources that delivered, while at least one source did not (its own
 * outcome is then `error`, with the connector's error code on the entry).
 */
export type AuditOutcome = 'ok' | 'partial' | 'error' | 'denied';

/** What one source system (connector) contributed to a request, and what governance decided. */
export interface AuditSourceAccess {
  /** The connector id, e.g. `civil-affairs.residents`. */
  readonly system: string;
  /** The catalogued fields read, as `Type.field`. */
  readonly fieldsRead: readonly string[];
  /** Rows that left the hub after the row policy. */
  readonly rowsReturned: number;
  /** Keys of the personal records returned (`Person.personId` values), in the order returned. */
  readonly personalKeys: readonly string[];
  /** Rows the row policy removed. */
  readonly rowsFiltered: number;
  /** Fields returned masked (`Type.field`). */
  readonly fieldsMasked: readonly string[];
  /** Fields refused outright (`Type.field`). */
  readonly fieldsDenied: readonly string[];
  /**
   * Fields read whose sharing attribute is `conditional` (`Type.field`), so that each needs an
   * agreement. Recorded at decision time because catalogues change.
   */
  readonly conditionalFields: readonly string[];
  /** Ids of the data-sharing agreements that allowed the conditional fields. */
  readonly agreementIds: readonly string[];
  readonly outcome: AuditOutcome;
  /**
   * Time spent in this source system, in milliseconds: the sum of the hub's calls to it for
   * the request (calls of one level are batched into one). Entries written before entry
   * format 2 hold the whole operation's time here.
   */
  readonly latencyMs: number;
  /**
   * Keys the caller asked this source for (a lookup by key, a reference followed) that were
   * not returned: denied by the row policy or missing. The two are one list on purpose: a
   * scope pushed down to the source hides a row exactly like a missing one. Absent in
   * entries written before entry format 2 (see {@link AuditEntry}).
   */
  readonly keysDenied?: readonly string[];
}

/** What the agreements API did with a data-sharing agreement. */
export type AuditAgreementActionKind = 'request' | 'approve' | 'reject' | 'revoke';

/** One agreement request or decision made through the agreements API. */
export interface AuditAgreementAction {
  /** The agreement's id, or `null` when the request was refused before one existed. */
  readonly agreementId: string | null;
  readonly action: AuditAgreementActionKind;
  /** The agreement's status after the action (`pending`, `approved`, …), or `null` when it was refused. */
  readonly status: string | null;
}

/** A run of consecutive entries, by seq, both ends included: `[3, 7]` is seq 3 to 7. */
export type AuditSeqRange = readonly [from: number, to: number];

/** One operation that touched catalogued data, as the gateway reports it. */
export interface AuditEntryInput {
  /** The request id the gateway assigned (also returned to the client). */
  readonly requestId: string;
  /** When the request arrived. @default the log's `clock()` at `append` */
  readonly occurredAt?: Date;
  /** The principal's subject, or `null` for an unauthenticated request. */
  readonly principal: string | null;
  /** The principal's department code, or `null`. */
  readonly department: string | null;
  /** The declared purpose, or `null` when none was declared. */
  readonly purpose: string | null;
  /** The GraphQL operation name, or `null` for an anonymous operation. */
  readonly operationName: string | null;
  /** The hash of the normalised document and variables (see `hashAuditOperation`). */
  readonly operationHash: string;
  readonly outcome: AuditOutcome;
  /** The `extensions.code` of the error that ended a failed or denied request. @default null */
  readonly errorCode?: string | null;
  /** Total time until the response, in milliseconds. */
  readonly latencyMs: number;
  /** One element per source system touched, in the order they were first touched. */
  readonly sources: readonly AuditSourceAccess[];
  /**
   * The caller's effective jurisdictions: the administrative-code prefixes its rows were
   * limited to (`[]` for a principal limited to open data; the principal's own codes for a
   * city-level one). @default absent
   */
  readonly jurisdictions?: readonly string[];
  /** The agreement requests and decisions the operation made (the agreements API). @default absent */
  readonly agreementActions?: readonly AuditAgreementAction[];
  /** For an auditor's read of the log: the entries it returned, as ascending seq ranges. @default absent */
  readonly entriesReturned?: readonly AuditSeqRange[];
}

/**
 * An entry as stored: the input, normalised, with its place in the hash chain.
 *
 * **Entry format 2** added optional fields (`jurisdictions`, `agreementActions`,
 * `entriesReturned`, and `keysDenied` on a source). An optional field that is absent is
 * absent from the canonical JSON too (never `null`), so every entry written before them
 * hashes exactly as it did; an entry that holds one hashes it like any other field.
 */
export interface AuditEntry {
  /** Position in the chain, from 1, without gaps. */
  readonly seq: number;
  /** `occurredAt` as an ISO 8601 UTC string with milliseconds (`Date.prototype.toISOString`). */
  readonly occurredAt: string;
  readonly requestId: string;
  readonly principal: string | null;
  readonly department: string | null;
  readonly purpose: string | null;
  readonly operationName: string | null;
  readonly operationHash: string;
  readonly outcome: AuditOutcome;
  readonly errorCode: string | null;
  readonly latencyMs: number;
  readonly sources: readonly AuditSourceAccess[];
  /** See {@link AuditEntryInput.jurisdictions}; absent in entries written before entry format 2. */
  readonly jurisdictions?: readonly string[];
  /** See {@link AuditEntryInput.agreementActions}; absent when none were made. */
  readonly agreementActions?: readonly AuditAgreementAction[];
  /** See {@link AuditEntryInput.entriesReturned}; absent unless the operation read the log. */
  readonly entriesReturned?: readonly AuditSeqRange[];
  /** The `hash` of the entry before this one, or 64 zeros for the first entry. */
  readonly prevHash: string;
  /** `sha256(prevHash + canonicalJson(entry without hash))`, lower-case hex. */
  readonly hash: string;
}

/**
 * Every field of a stored {@link AuditEntry}, in the order exports write them: the CSV
 * columns, and the keys a JSON Lines line must hold.
 */
export const AUDIT_ENTRY_FIELDS = [
  'seq',
  'occurredAt',
  'requestId',
  'principal',
  'department',
  'purpose',
  'operationName',
  'operationHash',
  'outcome',
  'errorCode',
  'latencyMs',
  'sources',
  'jurisdictions',
  'agreementActions',
  'entriesReturned',
  'prevHash',
  'hash',
] as const satisfies ReadonlyArray<keyof AuditEntry>;

/**
 * The fields of {@link AUDIT_ENTRY_FIELDS} an entry may lack (entry format 2): absent from a
 * JSON Lines line and an empty cell in CSV when the entry does not hold them.
 */
export const AUDIT_ENTRY_OPTIONAL_FIELDS = ['jurisdictions', 'agreementActions', 'entriesReturned'] as const satisfies ReadonlyArray<keyof AuditEntry>;

/** A point in the chain: an entry's seq and hash, used as a starting point or an anchor. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
}
