import type { Plugin } from 'graphql-yoga';
import type { AuditAgreementAction } from '../../governance/index.ts';

/** Where the request context carries its {@link RequestRecord}. */
export const REQUEST_RECORD: unique symbol = Symbol.for('cityhub.requestRecord');

/** What one source system (connector) delivered to a request, as the governed resolvers saw it. */
export interface SourceRecord {
  /** The connector id. */
  readonly system: string;
  /** The catalogued fields the request asked of this source (`Type.field`), in the order first asked. */
  readonly fieldsRead: ReadonlySet<string>;
  /** Rows of this source that left the row policy (a row counts once per source that provided a field selected on it). */
  readonly rowsReturned: number;
  /** Rows of this source the row policy hid. */
  readonly rowsFiltered: number;
  /** Keys of the personal records returned, in the order returned. */
  readonly personalKeys: readonly string[];
  /** Keys the request asked for (a lookup by key, a reference followed) that were not returned: hidden or missing. */
  readonly keysDenied: readonly string[];
  /** Time spent in the hub's calls to this source for the request, in milliseconds (their sum). */
  readonly latencyMs: number;
  /** How many calls the hub made to this source for the request. */
  readonly calls: number;
}

/**
 * The per-request record of what was read and decided: filled by the governed resolvers as
 * they resolve (rows returned and filtered, fields read, personal keys, keys denied), by the
 * stitched schema's executors (each source's own latency), by the agreements API and by the
 * audit API; read by the audit after governance has finished, and by anything else that
 * wants the request's figures (metrics, traces) through {@link requestRecordOf}.
 *
 * The figures are counters and lists, never the rows themselves.
 *
 * ```ts
 * const record = requestRecordOf(context);
 * for (const source of record?.sources.values() ?? []) console.log(source.system, source.rowsReturned);
 * ```
 */
export interface RequestRecord {
  /** Every source touched so far, in the order first touched. */
  readonly sources: ReadonlyMap<string, SourceRecord>;
  /** Agreement requests and decisions made through the agreements API, in order. */
  readonly agreementActions: readonly AuditAgreementAction[];
  /** The seqs of the audit entries the audit API returned, in the order returned. */
  readonly entriesReturned: readonly number[];
  /** Notes fields the request asks of a source (once per `plan`, so a list of 1,000 rows asks once). */
  readFields(plan: object, fields: ReadonlyArray<readonly [system: string, field: string]>): void;
  /** Notes one row returned by `system`, with its personal key when the row is a personal record of that source. */
  returnRow(system: string, personalKey?: string): void;
  /** Notes `count` rows of `system` hidden by the row policy. */
  filterRows(system: string, count: number): void;
  /** Notes a key asked of `system` that was not returned (hidden or missing). */
  denyKey(system: string, key: string): void;
  /**
   * Notes the personal key of a person the request concerned without returning their row (the
   * subject of a data-subject report, asked for or refused), so the entry is found under them.
   */
  nameSubject(system: string, personalKey: string): void;
  /** Notes one call to `system` that took `ms` milliseconds. */
  callSource(system: string, ms: number): void;
  /** Notes an agreement request or decision. */
  actOnAgreement(action: AuditAgreementAction): void;
  /** Notes audit entries returned to an auditor. */
  returnEntries(seqs: readonly number[]): void;
  /**
   * Returns what was recorded since the last call and starts afresh: a subscription's audit
   * takes one record per event.
   */
  take(): RequestRecordSnapshot;
}

/** What a {@link RequestRecord} held when it was taken. */
export interface RequestRecordSnapshot {
  readonly sources: ReadonlyMap<string, SourceRecord>;
  readonly agreementActions: readonly AuditAgreementAction[];
  readonly entriesReturned: readonly number[];
}

interface MutableSource {
  readonly system: string;
  readonly fieldsRead: Set<string>;
  rowsReturned: number;
  rowsFiltered: number;
  readonly personalKeys: string[];
  readonly keysDenied: string[];
  latencyMs: number;
  calls: number;
}

/**
 * Creates an empty {@link RequestRecord}. `useCityGovernance` puts one on every request's
 * context under {@link REQUEST_RECORD}.
 *
 * ```ts
 * const record = createRequestRecord();
 * record.returnRow('elderly-registry', 'P-1');
 * record.sources.get('elderly-registry')?.personalKeys; // ['P-1']
 * ```
 */
export function createRequestRecord(): RequestRecord {
  let sources = new Map<string, MutableSource>();
  let plans = new WeakSet<object>();
  let agreementActions: AuditAgreementAction[] = [];
  let entriesReturned: number[] = [];
  const source = (system: string): MutableSource => {
    let found = sources.get(system);
    if (!found) {
      found = { system, fieldsRead: new Set(), rowsReturned: 0, rowsFiltered: 0, personalKeys: [], keysDenied: [], latencyMs: 0, calls: 0 };
      sources.set(system, found);
    }
    return found;
  };
  return {
    get sources() {
      return sources;
    },
    get agreementActions() {
      return agreementActions;
    },
    get entriesReturned() {
      return entriesReturned;
    },
    readFields(plan, fields) {
      if (plans.has(plan)) return;
      plans.add(plan);
      for (const [system, field] of fields) source(system).fieldsRead.add(field);
    },
    returnRow(system, personalKey) {
      const found = source(system);
      found.rowsReturned += 1;
      if (personalKey !== undefined) found.personalKeys.push(personalKey);
    },
    filterRows(system, count) {
      if (count > 0) source(system).rowsFiltered += count;
    },
    denyKey(system, key) {
      source(system).keysDenied.push(key);
    },
    nameSubject(system, personalKey) {
      const found = source(system);
      if (!found.personalKeys.includes(personalKey)) found.personalKeys.push(personalKey);
    },
    callSource(system, ms) {
      const found = source(system);
      found.latencyMs += ms;
      found.calls += 1;
    },
    actOnAgreement(action) {
      agreementActions.push(action);
    },
    returnEntries(seqs) {
      entriesReturned.push(...seqs);
    },
    take() {
      const snapshot = { sources, agreementActions, entriesReturned };
      sources = new Map();
      plans = new WeakSet();
      agreementActions = [];
      entriesReturned = [];
      return snapshot;
    },
  };
}

/**
 * The request's {@link RequestRecord}, or `undefined` when the context carries none (a
 * schema served without `useCityGovernance`).
 *
 * ```ts
 * const decisions = requestRecordOf(context)?.sources.get('elderly-registry')?.rowsFiltered ?? 0;
 * ```
 */
export function requestRecordOf(context: unknown): RequestRecord | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  return (context as { [REQUEST_RECORD]?: RequestRecord })[REQUEST_RECORD];
}

/**
 * Puts a fresh {@link RequestRecord} on every operation's context (`onContextBuilding`).
 * `useCityGovernance` installs it first, before identity, audit and governance.
 *
 * ```ts
 * createYoga({ plugins: [useRequestRecord()] });
 * ```
 */
export function useRequestRecord(): Plugin {
  return {
    onContextBuilding({ extendContext }) {
      extendContext({ [REQUEST_RECORD]: createRequestRecord() } as Record<string, unknown>);
    },
  };
}
