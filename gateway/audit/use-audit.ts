import { createHash, randomUUID } from 'node:crypto';
import { GraphQLError, parse, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ConnectorManifest } from '../../connectors/index.ts';
import { hashAuditOperation, isGovernmentPrincipal, rowScope, type AuditEntryInput, type AuditLog, type AuditOutcome, type AuditSeqRange, type AuditSourceAccess } from '../../governance/index.ts';
import { GovernanceError } from '../../schema/index.ts';
import { addJurisdictionSelections, stripJurisdictionSelections } from '../governance/add-jurisdiction-selections.ts';
import { buildGovernanceCatalogue, type GovernanceCatalogue } from '../governance/governance-catalogue.ts';
import { requestGovernanceOf, type RequestGovernance } from '../governance/request-governance.ts';
import type { RequestDenial, RequestIdentity } from '../governance/use-identity.ts';
import { requestRecordOf, type RequestRecordSnapshot, type SourceRecord } from '../governance/request-record.ts';
import { isWithheldNotice } from '../governance/use-governance.ts';
import { fieldsReadOf } from '../governance/selection-plan.ts';

/** Options of {@link useAudit}. */
export interface AuditPluginOptions {
  /** The log every operation that touches catalogued data is appended to. */
  readonly log: AuditLog;
  /** The connectors' current manifests (it follows the registry); their catalogues are indexed once per set. */
  readonly manifests: () => readonly ConnectorManifest[];
  /** Requests the identity plugin refused before execution (`HubGovernance.denials`). @default none recorded */
  readonly denials?: WeakMap<Request, RequestDenial>;
  /**
   * Who asked, for requests refused before governance built their context (a document that
   * does not parse or validate, a limit, a rejected batch): `HubGovernance.identityOf`.
   * @default such entries name no principal
   */
  readonly identityOf?: (request: Request) => RequestIdentity | undefined;
  /** The clock of `occurredAt`. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * The id of an HTTP request, shared with its log line and its span (`createRequestIds`);
   * the operations of one batched request share it, each in its own entry.
   * @default a new random UUID per entry
   */
  readonly requestIdOf?: (request: Request) => string;
}

/** Error codes that mean governance refused (the entry's outcome is `denied`). */
const DENIAL_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);
/** Error codes of a source that did not deliver (`ConnectorError`, with `extensions.connector`). */
const SOURCE_FAILURE_CODES = new Set(['UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_BAD_RESPONSE']);
const EMPTY_RECORD: RequestRecordSnapshot = { sources: new Map(), agreementActions: [], entriesReturned: [] };

/**
 * Appends ONE audit entry for every operation that touches catalogued data or reads the
 * audit API, and for every request the identity plugin refused, before its response leaves
 * the gateway:
 *
 * - `onExecute` notes the time and the request's principal and purpose (from the governance
 *   plugin's context; anonymous without one). Without governance it adds each catalogued
 *   type's key to the operation itself (with governance, the governance plugin adds it), so
 *   every record returned is named even when the client did not select its key;
 * - `onExecuteDone` reads the request's record (`requestRecordOf`), which the governed
 *   resolvers filled as they resolved (per source: fields asked, rows returned and hidden,
 *   personal keys, keys denied, the source's own latency; agreement actions; audit entries
 *   returned), adds governance's decisions from the request's governance state (fields
 *   masked and withheld, conditional fields read and the agreements that allowed them) and
 *   awaits `log.append`. Nothing walks the query or the result again;
 * - `onResponse` records a request refused before execution (HTTP 401/403, `denials`), with
 *   the principal when the token was valid.
 *
 * **Fail closed**: when the entry cannot be committed, the result is replaced by one
 * `AUDIT_UNAVAILABLE` error and no data. Streamed results are refused the same way, since
 * they cannot be audited before they leave. The entry's request id is returned to the client
 * in `extensions.requestId`.
 *
 * **Subscriptions** (SSE and WebSocket): `onSubscribe` → `onSubscribeResult` → `onNext`
 * appends one entry for EVERY event that touches catalogued data, before the event is
 * sent, built like a request's entry from that event's data (rows, personal keys, decisions).
 * The entry schema has no place for an event number, so by convention all entries of one
 * subscription share its `requestId`, and the event's number (from 1) follows the operation
 * name after `#` (see {@link subscriptionEventOperationName}): `Alarms#3`, or `#3` for an
 * anonymous operation; `occurredAt` is when the event reached the audit and `latencyMs` the
 * time the gateway held the resolved event before auditing it. Each event delivered carries
 * `extensions.requestId` and `extensions.auditEvent` (its number). A subscription refused as
 * a whole (one result, no stream) gets one entry under its plain operation name. When an
 * event's entry cannot be committed, that event is replaced by one `AUDIT_UNAVAILABLE` error
 * and the subscription ends: no further event is delivered.
 *
 * Install it through `useCityGovernance`, which puts the request record before it and the
 * governance plugins after it (its `onExecute` then runs even for an operation governance
 * refuses, and governance finishes the result inside execution, before any `onExecuteDone`).
 *
 * Per-source `latencyMs` is the source's own: the sum of the hub's calls to it for the
 * request (`timedExecutor`).
 *
 * ```ts
 * createYoga({ plugins: [useCityGovernance({ governance, audit: { log, manifests } })] });
 * ```
 */
export function useAudit(options: AuditPluginOptions): Plugin {
  if (!options || typeof options.log?.append !== 'function') throw new TypeError(`log must be an AuditLog, received ${String(options?.log)}`);
  if (typeof options.manifests !== 'function') throw new TypeError(`manifests must be a function returning the connectors' manifests, received ${String(options.manifests)}`);
  const now = options.now ?? (() => new Date());
  const requestIdOf = (request: Request | undefined) => (request && options.requestIdOf ? options.requestIdOf(request) : randomUUID());
  const catalogues = memoizeCatalogues(options.manifests);
  const rewritten = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentNode>>();
  const started = new WeakMap<Request, { occurredAt: Date; at: number }>();
  // Private: requests whose operations reached execution (their entries are written there).
  const executed = new WeakSet<Request>();
  // Private: each request's GraphQL parameters (the first of a batch), for the entry of a refusal.
  const paramsOf = new WeakMap<Request, OperationParams>();
  return {
    onRequest({ request }) {
      started.set(request, { occurredAt: now(), at: performance.now() });
    },
    // A request refused before execution (its document does not parse or validate, a limit
    // refused it, its batch was rejected) is an entry too, with the refusal's code. Every
    // GraphQL response passes here, executed or not; executed ones were audited already.
    onParams({ request, params }) {
      if (!paramsOf.has(request)) paramsOf.set(request, params);
    },
    async onResultProcess({ request, result, setResult }) {
      if (executed.has(request) || options.denials?.get(request)) return;
      const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
      if (results.some((one) => !isResult(one))) return;
      const errors = results.flatMap((one) => one.errors ?? []) as GraphQLError[];
      if (errors.length === 0) return;
      const start = started.get(request);
      const identity = options.identityOf?.(request);
      try {
        const params = paramsOf.get(request);
        // A batch rejected as a whole never reached its parameters: its body was read already.
        const operation = params ? operationOf(params, JSON.stringify(params)) : { name: null, hash: createHash('sha256').update(`${request.method} ${request.url}`).digest('hex') };
        await options.log.append({
          requestId: requestIdOf(request),
          occurredAt: start?.occurredAt ?? now(),
          principal: identity ? identity.principal.subject : options.identityOf ? null : 'anonymous',
          department: identity?.principal.department || null,
          purpose: identity?.purpose ?? null,
          operationName: operation.name,
          operationHash: operation.hash,
          outcome: outcomeOf(errors),
          errorCode: refusalCodeOf(errors),
          latencyMs: start ? performance.now() - start.at : 0,
          sources: [],
        });
      } catch (error) {
        setResult({ errors: [error instanceof GovernanceError && error.extensions.code === 'AUDIT_UNAVAILABLE' ? error : unavailable('the entry of a refused request could not be written', error)] });
      }
    },
    async onResponse({ request, setResponse, fetchAPI }) {
      const denial = options.denials?.get(request);
      if (!denial) return;
      const start = started.get(request);
      try {
        const operation = await readOperation(request);
        await options.log.append({
          requestId: requestIdOf(request),
          occurredAt: start?.occurredAt ?? now(),
          principal: denial.principal?.subject ?? null,
          department: denial.principal?.department || null,
          purpose: null,
          operationName: operation.name,
          operationHash: operation.hash,
          outcome: 'denied',
          errorCode: denial.code,
          latencyMs: start ? performance.now() - start.at : 0,
          sources: [],
        });
      } catch (error) {
        // The refusal carried no data; without its entry it still may not leave as it was.
        const failure = unavailable('the entry of a refused request could not be written', error);
        setResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message: failure.message, extensions: { code: 'AUDIT_UNAVAILABLE' } }] }), {
            status: 503,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }),
        );
      }
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn, setResultAndStopExecution }) {
      const governance = requestGovernanceOf(args.contextValue);
      const record = requestRecordOf(args.contextValue);
      let subscribe = subscribeFn;
      try {
        const current = catalogues();
        if (!governance) {
          const document = addJurisdictionSelections(args.schema, args.document, current.governance);
          subscribe = (subscribeArgs) => subscribeFn({ ...subscribeArgs, document });
        }
      } catch (error) {
        setResultAndStopExecution({ errors: [error instanceof GraphQLError ? error : unavailable('the subscription could not be prepared for auditing', error)] });
        return;
      }
      const requestId = requestIdOf((args.contextValue as { request?: Request } | undefined)?.request);
      const operationName = args.operationName ?? operationNameOf(args.document) ?? null;
      const operationHash = hashAuditOperation({ document: args.document, variables: args.variableValues ?? {} });
      const stream: StreamState = { failed: false, receivedAt: performance.now(), single: false };
      let events = 0;

      // Private: appends the entry of one event (or of a single result) and returns what may
      // leave: the event with its request id, or, when the entry cannot be written, only an
      // AUDIT_UNAVAILABLE error (and the subscription ends after it).
      const auditEvent = async (event: ExecutionResult): Promise<ExecutionResult> => {
        const occurredAt = now();
        const latencyMs = performance.now() - stream.receivedAt;
        try {
          const data = event.data as Record<string, unknown> | null | undefined;
          if (!governance) stripJurisdictionSelections(event.data);
          // What this event read, as its resolvers recorded it (each event takes its own record).
          const taken = record?.take() ?? EMPTY_RECORD;
          const errors = (event.errors ?? []).filter((error) => !isWithheldNotice(error));
          if (!touchedCatalogue(taken)) return event; // no catalogued data in this event: nothing to audit
          const number = (events += 1);
          const withheld = governance ? governance.denials.size > 0 : false;
          const outcome = withheld && outcomeOf(errors) === 'ok' ? 'denied' : outcomeOf(errors, data);
          const refused = outcome === 'denied' && (data === null || data === undefined);
          const sources = sourcesOf(taken, { errors, governance, refused, outcome });
          const principal = governance?.principal;
          await options.log.append({
            requestId,
            occurredAt,
            principal: principal ? principal.subject : 'anonymous',
            department: principal?.department ? principal.department : null,
            purpose: governance?.purpose ?? null,
            operationName: stream.single ? operationName : subscriptionEventOperationName(operationName, number),
            operationHash,
            outcome,
            errorCode: errorCodeOf(errors) ?? (withheld ? 'FORBIDDEN' : null),
            latencyMs,
            sources,
            ...requestFields(taken, governance),
          });
          return { ...event, extensions: { ...event.extensions, requestId, ...(stream.single ? {} : { auditEvent: number }) } };
        } catch (error) {
          // Fail closed: this event is not delivered, and the subscription ends after the error.
          stream.failed = true;
          return { errors: [error instanceof GovernanceError && error.extensions.code === 'AUDIT_UNAVAILABLE' ? error : unavailable('the entry of a subscription event could not be written', error)] };
        }
      };

      // A subscription answered with one result (refused before it started, such as an
      // auditor asking for city data) stays one result, with its HTTP status, and is audited
      // before it leaves.
      setSubscribeFn(async (subscribeArgs) => {
        const result = await subscribe(subscribeArgs);
        if (isAsyncIterable(result)) return result;
        stream.single = true;
        return auditEvent(result as ExecutionResult);
      });
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) return undefined;
          setResult(endAfterFailure(result, stream));
          return {
            async onNext({ result: event, setResult: setEvent }) {
              setEvent(await auditEvent(event));
            },
          };
        },
      };
    },
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      if (request) executed.add(request);
      const occurredAt = now();
      const began = performance.now();
      const governance = requestGovernanceOf(args.contextValue);
      const record = requestRecordOf(args.contextValue);
      try {
        const current = catalogues();
        if (!governance) {
          // Ungoverned: the same gateway selections the governance plugin adds, for the keys.
          let bySchema = rewritten.get(args.schema);
          if (!bySchema) rewritten.set(args.schema, (bySchema = new WeakMap()));
          let document = bySchema.get(args.document);
          if (!document) bySchema.set(args.document, (document = addJurisdictionSelections(args.schema, args.document, current.governance)));
          const rewrittenDocument = document;
          setExecuteFn((executionArgs) => executeFn({ ...executionArgs, document: rewrittenDocument }));
        }
      } catch (error) {
        setResultAndStopExecution({ errors: [error instanceof GraphQLError ? error : unavailable('the operation could not be prepared for auditing', error)] });
        return;
      }
      return {
        async onExecuteDone({ result, setResult }) {
          if (!isResult(result)) {
            setResult({ errors: [unavailable('a streamed result cannot be audited before it leaves')] });
            return;
          }
          const latencyMs = performance.now() - began;
          const requestId = requestIdOf(request);
          try {
            const data = result.data as Record<string, unknown> | null | undefined;
            if (!governance) stripJurisdictionSelections(result.data);
            // Governance has finished (it finishes inside execution): the record holds what
            // the governed resolvers read and decided, and the errors its withheld-field notices.
            // Refused before any resolver ran (a variable missing or of the wrong type): the
            // record notes what the operation asked for from its document.
            if (record && record.sources.size === 0 && (data === null || data === undefined) && (result.errors?.length ?? 0) > 0) {
              record.readFields(args.document, fieldsReadOf(args.schema, args.document, args.operationName, governance?.catalogue ?? catalogues().governance));
            }
            const taken = record?.take() ?? EMPTY_RECORD;
            const errors = (result.errors ?? []).filter((error) => !isWithheldNotice(error));
            if (!touchedCatalogue(taken)) return; // no catalogued data touched: nothing to audit
            const withheld = governance ? governance.denials.size > 0 : false;
            const outcome = withheld && outcomeOf(errors) === 'ok' ? 'denied' : outcomeOf(errors, data);
            // Refused as a whole (nothing executed, no data): every field it selected was denied.
            const refused = outcome === 'denied' && (data === null || data === undefined);
            const sources = sourcesOf(taken, { errors, governance, refused, outcome });
            const principal = governance?.principal;
            const entry: AuditEntryInput = {
              requestId,
              occurredAt,
              principal: principal ? principal.subject : 'anonymous',
              department: principal?.department ? principal.department : null,
              purpose: governance?.purpose ?? null,
              operationName: args.operationName ?? operationNameOf(args.document) ?? null,
              operationHash: hashAuditOperation({ document: args.document, variables: args.variableValues ?? {} }),
              outcome,
              errorCode: errorCodeOf(errors) ?? (withheld ? 'FORBIDDEN' : null),
              latencyMs,
              sources,
              ...requestFields(taken, governance),
            };
            await options.log.append(entry);
          } catch (error) {
            setResult({ errors: [error instanceof GovernanceError && error.extensions.code === 'AUDIT_UNAVAILABLE' ? error : unavailable('the audit entry could not be written', error)] });
            return;
          }
          setResult({ ...result, extensions: { ...result.extensions, requestId } });
        },
      };
    },
  };
}

/**
 * The `operationName` of the audit entry of a subscription's `number`th event (from 1): the
 * operation's name, `#`, the number (`Alarms#3`; `#3` for an anonymous operation). All events
 * of one subscription share the subscription's `requestId`.
 *
 * ```ts
 * subscriptionEventOperationName('Alarms', 3); // 'Alarms#3'
 * ```
 */
export function subscriptionEventOperationName(operationName: string | null, number: number): string {
  if (!Number.isInteger(number) || number < 1) throw new TypeError(`number must be a positive integer, received ${number}`);
  return `${operationName ?? ''}#${number}`;
}

// Private: where a subscription's stream stands, shared by its wrapper and its `onNext`.
interface StreamState {
  /** An event's entry could not be written: the stream ends at the next pull. */
  failed: boolean;
  /** When the latest event left the source stream (`performance.now()`). */
  receivedAt: number;
  /** The subscription produced one result rather than a stream (refused or failed at subscribe). */
  single: boolean;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

// Private: the source's events, noting when each arrives; after a failed entry the next pull
// tells the source to stop (not awaited: it may be parked on a read) and reports done.
function endAfterFailure(source: AsyncIterable<ExecutionResult>, state: StreamState): AsyncIterableIterator<ExecutionResult> {
  const inner = source[Symbol.asyncIterator]();
  const finish = (): IteratorResult<ExecutionResult> => {
    void Promise.resolve(inner.return?.()).catch(() => undefined);
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (state.failed) return finish();
      const step = await inner.next();
      state.receivedAt = performance.now();
      return step;
    },
    async return() {
      await inner.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

// Private: the catalogue of the current manifests, rebuilt only when they change.
function memoizeCatalogues(manifests: () => readonly ConnectorManifest[]): () => { governance: GovernanceCatalogue } {
  let last: readonly ConnectorManifest[] = [];
  let built: { governance: GovernanceCatalogue } | undefined;
  return () => {
    const current = manifests();
    if (!built || current.length !== last.length || current.some((manifest, index) => manifest !== last[index])) {
      built = { governance: buildGovernanceCatalogue(current) };
      last = [...current];
    }
    return built;
  };
}

interface SourcesOptions {
  readonly errors: readonly GraphQLError[];
  readonly governance: RequestGovernance | undefined;
  readonly refused: boolean;
  readonly outcome: AuditOutcome;
}

// Private: whether a record touched catalogued data (a source was asked for fields, returned,
// hid or was asked for rows) or acted on agreements.
function touchedCatalogue(record: RequestRecordSnapshot): boolean {
  if (record.agreementActions.length > 0) return true;
  for (const source of record.sources.values()) if (isTouched(source)) return true;
  return false;
}

// Private: a source the request read from (a call alone, to a source of nothing catalogued, is not).
function isTouched(source: SourceRecord): boolean {
  return source.fieldsRead.size > 0 || source.rowsReturned > 0 || source.rowsFiltered > 0 || source.keysDenied.length > 0;
}

// Private: each source system's entry, from the request's record with governance's decisions for the fields it provided.
function sourcesOf(record: RequestRecordSnapshot, options: SourcesOptions): AuditSourceAccess[] {
  const { errors, governance, refused, outcome } = options;
  const touched = [...record.sources.values()].filter(isTouched);
  // A source that did not deliver is named even when nothing of it reached the result.
  for (const error of errors) {
    const connector = error.extensions?.connector;
    if (isSourceFailure(error) && typeof connector === 'string' && !touched.some((source) => source.system === connector)) {
      touched.push(record.sources.get(connector) ?? { system: connector, fieldsRead: new Set(), rowsReturned: 0, rowsFiltered: 0, personalKeys: [], keysDenied: [], latencyMs: 0, calls: 0 });
    }
  }
  const errorDenied = new Set<string>();
  for (const error of errors) {
    const field = error.extensions?.field;
    if (codeOf(error) === 'FORBIDDEN' && typeof field === 'string') errorDenied.add(field);
  }
  return touched.map((source) => {
    const fieldsRead = [...source.fieldsRead];
    const decision = (field: string) => governance?.decisions.get(field);
    const fieldsDenied = fieldsRead.filter((field) => refused || errorDenied.has(field) || governance?.denials.has(field) === true);
    const conditionalFields = fieldsRead.filter((field) => {
      const made = decision(field);
      if (!governance || made?.effect !== 'allow' || made.reason === 'own-department') return false;
      const dot = field.indexOf('.');
      return governance.catalogue.get(field.slice(0, dot))?.type.fields[field.slice(dot + 1)]?.sharing === 'conditional';
    });
    const agreementIds = [...new Set(fieldsRead.map((field) => decision(field)).flatMap((made) => (made?.effect === 'allow' && made.agreementId ? [made.agreementId] : [])))];
    return {
      system: source.system,
      fieldsRead,
      rowsReturned: source.rowsReturned,
      personalKeys: [...source.personalKeys],
      rowsFiltered: source.rowsFiltered,
      fieldsMasked: fieldsRead.filter((field) => decision(field)?.effect === 'mask'),
      fieldsDenied,
      conditionalFields,
      agreementIds,
      outcome: sourceOutcome(errors, source.system, outcome, fieldsDenied.length > 0),
      latencyMs: source.latencyMs,
      keysDenied: [...source.keysDenied],
    };
  });
}

// Private: the request-level fields of entry format 2: the caller's effective jurisdictions,
// its agreement actions and, for a read of the log, the entries returned.
function requestFields(record: RequestRecordSnapshot, governance: RequestGovernance | undefined): Pick<AuditEntryInput, 'jurisdictions' | 'agreementActions' | 'entriesReturned'> {
  const principal = governance?.principal;
  return {
    jurisdictions: principal && isGovernmentPrincipal(principal) ? [...rowScope(principal).prefixes] : [],
    ...(record.agreementActions.length > 0 ? { agreementActions: record.agreementActions } : {}),
    ...(record.entriesReturned.length > 0 ? { entriesReturned: seqRanges(record.entriesReturned) } : {}),
  };
}

/**
 * Seqs as ascending runs of consecutive numbers, duplicates dropped: `[5, 3, 4, 9]` →
 * `[[3, 5], [9, 9]]`.
 *
 * ```ts
 * seqRanges([12, 11, 10, 7]); // [[7, 7], [10, 12]]
 * ```
 */
export function seqRanges(seqs: readonly number[]): AuditSeqRange[] {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const seq of sorted) {
    const last = ranges.at(-1);
    if (last && seq === last[1] + 1) last[1] = seq;
    else ranges.push([seq, seq]);
  }
  return ranges;
}

// Private: the operation of a request refused before it was parsed: its name and hash when
// it parses, otherwise the SHA-256 of the raw request text (so the entry still pins it down).
async function readOperation(request: Request): Promise<{ name: string | null; hash: string }> {
  let raw = '';
  let params: OperationParams = {};
  try {
    if (request.method === 'GET') {
      const url = new URL(request.url, 'http://localhost');
      raw = url.search;
      const variables = url.searchParams.get('variables');
      params = { query: url.searchParams.get('query'), variables: variables ? JSON.parse(variables) : undefined, operationName: url.searchParams.get('operationName') };
    } else {
      raw = request.bodyUsed ? '' : await request.text();
      params = JSON.parse(raw) as OperationParams;
    }
  } catch {
    // Not a GraphQL request the hub could parse: hashed as it came.
  }
  return operationOf(params, raw);
}

/** Private: the GraphQL parameters of a request, as sent (nothing about them is trusted). */
interface OperationParams {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
}

// Private: an operation's name and hash when its document parses, otherwise the SHA-256 of `raw`.
function operationOf(params: OperationParams, raw: string): { name: string | null; hash: string } {
  try {
    if (typeof params === 'object' && params !== null && typeof params.query === 'string') {
      const document = parse(params.query);
      const variables = typeof params.variables === 'object' && params.variables !== null ? (params.variables as Record<string, unknown>) : {};
      const name = typeof params.operationName === 'string' && params.operationName !== '' ? params.operationName : (operationNameOf(document) ?? null);
      return { name, hash: hashAuditOperation({ document, variables }) };
    }
  } catch {
    // Not a GraphQL request the hub could parse: hashed as it came.
  }
  return { name: null, hash: createHash('sha256').update(raw).digest('hex') };
}

function isResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}

function unavailable(reason: string, cause?: unknown): GovernanceError {
  return new GovernanceError(`Audit log unavailable: ${reason}, so the response is withheld.`, 'AUDIT_UNAVAILABLE', { cause });
}

function codeOf(error: GraphQLError): string | undefined {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

// Private: how a request ended. With `data` given: served with the data of the sources that
// delivered while some did not (every error a source failure) is `partial`.
function outcomeOf(errors: readonly GraphQLError[], data?: unknown): AuditOutcome {
  if (errors.length === 0) return 'ok';
  if (errors.some((error) => DENIAL_CODES.has(codeOf(error) ?? ''))) return 'denied';
  return data !== null && data !== undefined && errors.every(isSourceFailure) ? 'partial' : 'error';
}

function isSourceFailure(error: GraphQLError): boolean {
  return SOURCE_FAILURE_CODES.has(codeOf(error) ?? '') && typeof error.extensions?.connector === 'string';
}

// Private: an error without a code is a request error of GraphQL itself (a variable missing or
// of the wrong type) when nothing was thrown behind it, and an unexpected one otherwise.
function errorCodeOf(errors: readonly GraphQLError[]): string | null {
  for (const error of errors) {
    const code = codeOf(error);
    if (code) return code;
  }
  if (errors.length === 0) return null;
  return errors.every((error) => error.originalError === undefined || error.originalError === null) ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR';
}

// Private: the code of a request refused before execution; a document that did not parse or
// validate carries none of its own.
function refusalCodeOf(errors: readonly GraphQLError[]): string {
  for (const error of errors) {
    const code = codeOf(error);
    if (code) return code;
  }
  return 'GRAPHQL_VALIDATION_FAILED';
}

function sourceOutcome(errors: readonly GraphQLError[], system: string, overall: AuditOutcome, denied: boolean): AuditOutcome {
  const own = errors.filter((error) => error.extensions?.connector === system);
  if (own.length > 0) return outcomeOf(own);
  if (denied) return 'denied';
  return overall === 'denied' ? 'denied' : 'ok';
}

function operationNameOf(document: DocumentNode): string | undefined {
  const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
  return operations.length === 1 ? operations[0]!.name?.value : undefined;
}
