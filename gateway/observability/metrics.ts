import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';
import type { CircuitState, OnSourceReadDone, SourceRead } from '../../connectors/index.ts';
import type { OnSourceCacheLookup } from '../source-cache/hub-source-cache.ts';
import { requestGovernanceOf, type RequestGovernance } from '../governance/request-governance.ts';
import { isBearer } from './operator-access.ts';
import { operationLabel, outcomeOfErrors, type RequestOutcome } from './request-outcome.ts';

/** Where {@link useMetrics} serves the Prometheus text format. */
export const METRICS_PATH = '/metrics';

/** What a policy decision did, as counted by {@link HubMetrics.recordPolicyDecision}. */
export type PolicyDecisionKind = 'rows-filtered' | 'field-masked' | 'field-withheld';

/**
 * The hub's Prometheus metrics (prom-client), on a registry of their own. Labels only ever
 * hold operation names, connector ids, type names, outcomes, error codes and decision kinds:
 * never a value read from a row or a variable, so no personal value can reach a label.
 */
export interface HubMetrics {
  readonly registry: Registry;
  /** Counts a connector's read of its legacy system. */
  recordConnectorCall(connector: string, type: string): void;
  /**
   * Times one batched read of a legacy system (the hub passes it as `SourceRuntime.onSourceRead`):
   * its latency by connector and outcome, its errors by code, its timeouts.
   */
  startSourceRead(read: SourceRead): OnSourceReadDone;
  /** Counts `count` policy decisions of one kind on a type. */
  recordPolicyDecision(kind: PolicyDecisionKind, type: string, count?: number): void;
  /** Counts every decision governance made for one operation (rows filtered, fields masked, fields withheld). */
  recordRequestDecisions(governance: RequestGovernance): void;
  /** Sets a connector's circuit-breaker state: 0 closed, 1 half-open, 2 open (the hub passes it as `SourceRuntime.onBreakerStateChange`). */
  setBreakerState(connector: string, state: CircuitState): void;
  /** Times one audit append and counts it among the appends awaiting their commit until it settles. */
  startAuditAppend(): (outcome: 'ok' | 'error') => void;
  /** Counts one source-cache lookup's keys by connector and result (hit, miss; error when the store failed). */
  recordSourceCacheLookup: OnSourceCacheLookup;
  /** Sets whether the source cache's store answers (1) or fails (0). */
  setSourceCacheState(state: 'ok' | 'unavailable'): void;
  /** Counts one GraphQL request by operation name and outcome, and records its latency. */
  recordRequest(operation: string, outcome: RequestOutcome, seconds: number): void;
}

const BREAKER_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates the hub's metrics on a fresh registry (one per hub, so tests and replicas in one
 * process never share counters).
 *
 * ```ts
 * const metrics = createHubMetrics();
 * const runtime = { env, dataDir, onSourceRead: metrics.startSourceRead, onBreakerStateChange: metrics.setBreakerState };
 * ```
 */
export function createHubMetrics(): HubMetrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: 'cityhub_graphql_requests_total', help: 'GraphQL requests by operation name and outcome (ok, error, denied).', labelNames: ['operation', 'outcome'] as const, registers });
  const latency = new Histogram({ name: 'cityhub_graphql_request_duration_seconds', help: 'GraphQL request latency by operation name.', labelNames: ['operation'] as const, buckets: LATENCY_BUCKETS, registers });
  const calls = new Counter({ name: 'cityhub_connector_calls_total', help: 'Reads a connector sent to its legacy system, by connector id and type.', labelNames: ['connector', 'type'] as const, registers });
  const readLatency = new Histogram({ name: 'cityhub_connector_read_duration_seconds', help: 'Batched reads of a legacy system by connector id and outcome (ok, error, timeout), breaker refusals included.', labelNames: ['connector', 'outcome'] as const, buckets: LATENCY_BUCKETS, registers });
  const readErrors = new Counter({ name: 'cityhub_connector_errors_total', help: 'Failed reads of a legacy system by connector id and error code (UPSTREAM_TIMEOUT, UPSTREAM_UNAVAILABLE, UPSTREAM_BAD_RESPONSE…).', labelNames: ['connector', 'code'] as const, registers });
  const timeouts = new Counter({ name: 'cityhub_connector_timeouts_total', help: 'Reads of a legacy system that passed the connector timeout, by connector id.', labelNames: ['connector'] as const, registers });
  const breaker = new Gauge({ name: 'cityhub_connector_breaker_state', help: 'Circuit-breaker state per connector: 0 closed, 1 half-open, 2 open.', labelNames: ['connector'] as const, registers });
  const decisions = new Counter({ name: 'cityhub_policy_decisions_total', help: 'Governance decisions by kind (rows-filtered: rows hidden; field-masked, field-withheld: fields per operation) and type.', labelNames: ['kind', 'type'] as const, registers });
  const appendLatency = new Histogram({ name: 'cityhub_audit_append_duration_seconds', help: 'Time from an audit append to its commit (or its failure), by outcome.', labelNames: ['outcome'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10], registers });
  const appendQueue = new Gauge({ name: 'cityhub_audit_append_queue_depth', help: 'Audit entries appended and not yet committed (queued or in the batch being written).', registers });
  const cacheLookups = new Counter({ name: 'cityhub_source_cache_lookups_total', help: 'Keys looked up in the source cache, by connector id and result (hit, miss, error: the store failed and the key was read from the legacy system).', labelNames: ['connector', 'result'] as const, registers });
  const cacheUp = new Gauge({ name: 'cityhub_source_cache_up', help: 'Whether the source cache store answers (1) or fails (0); absent when the cache is off.', registers });
  const recordPolicyDecision = (kind: PolicyDecisionKind, type: string, count = 1) => decisions.inc({ kind, type }, count);
  return {
    registry,
    recordConnectorCall: (connector, type) => calls.inc({ connector, type }),
    startSourceRead(read) {
      const started = performance.now();
      return (outcome) => {
        const seconds = (performance.now() - started) / 1000;
        if (!outcome.error) {
          readLatency.observe({ connector: read.connector, outcome: 'ok' }, seconds);
          return;
        }
        const code = outcome.error.code;
        readErrors.inc({ connector: read.connector, code });
        if (code === 'UPSTREAM_TIMEOUT') timeouts.inc({ connector: read.connector });
        readLatency.observe({ connector: read.connector, outcome: code === 'UPSTREAM_TIMEOUT' ? 'timeout' : 'error' }, seconds);
      };
    },
    recordPolicyDecision,
    recordRequestDecisions(governance) {
      for (const [type, count] of governance.rowsFilteredByType) if (count > 0) recordPolicyDecision('rows-filtered', type, count);
      for (const [field, decision] of governance.decisions) if (decision.effect === 'mask') recordPolicyDecision('field-masked', typeOfField(field));
      for (const denial of governance.denials.values()) recordPolicyDecision('field-withheld', denial.typeName);
    },
    setBreakerState: (connector, state) => breaker.set({ connector }, BREAKER_STATES[state]),
    startAuditAppend() {
      appendQueue.inc();
      const started = performance.now();
      return (outcome) => {
        appendQueue.dec();
        appendLatency.observe({ outcome }, (performance.now() - started) / 1000);
      };
    },
    recordSourceCacheLookup(connector, lookup) {
      if (lookup.failed) {
        cacheLookups.inc({ connector, result: 'error' }, lookup.misses);
        return;
      }
      if (lookup.hits > 0) cacheLookups.inc({ connector, result: 'hit' }, lookup.hits);
      if (lookup.misses > 0) cacheLookups.inc({ connector, result: 'miss' }, lookup.misses);
    },
    setSourceCacheState: (state) => cacheUp.set(state === 'ok' ? 1 : 0),
    recordRequest(operation, outcome, seconds) {
      requests.inc({ operation, outcome });
      latency.observe({ operation }, seconds);
    },
  };
}

/** Options of {@link useMetrics}. */
export interface UseMetricsOptions {
  readonly metrics: HubMetrics;
  /** The bearer token `/metrics` requires (`CITYHUB_METRICS_TOKEN`); without one `/metrics` is not served. */
  readonly token?: string;
  /** The GraphQL endpoint, whose requests are counted. @default '/graphql' */
  readonly graphqlPath?: string;
}

/**
 * Counts every GraphQL request by operation name and outcome (`ok`, `error`, `denied`) and
 * times it, the ones refused before execution included (under `anonymous` when their
 * document did not parse); counts governance's decisions of each executed operation; and
 * serves `GET /metrics` to callers sending `Authorization: Bearer <token>`.
 *
 * Operation names are the client's (GraphQL Names, never a value): one longer than 64
 * characters, or beyond the 256th distinct name, is counted as `other`, so a client cannot
 * grow the series without bound.
 */
export function useMetrics(options: UseMetricsOptions): Plugin {
  const { metrics, token } = options;
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const label = operationLabel();
  // Private: each GraphQL request's start and the name of its (first) operation; it is
  // counted once, when its final result is known (after every plugin's onExecuteDone).
  const requests = new WeakMap<Request, { started: number; operation?: string; counted?: boolean }>();
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname === graphqlPath) requests.set(request, { started: performance.now() });
      if (url.pathname !== METRICS_PATH) return;
      if (token === undefined) {
        endResponse(fetchAPI.Response.json({ error: 'metrics are off: set CITYHUB_METRICS_TOKEN to serve them' }, { status: 404 }));
        return;
      }
      if (!isBearer(request.headers.get('authorization'), token)) {
        endResponse(fetchAPI.Response.json({ error: 'GET /metrics needs "Authorization: Bearer <CITYHUB_METRICS_TOKEN>"' }, { status: 401 }));
        return;
      }
      endResponse(new fetchAPI.Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }));
    },
    onParams({ request, params }) {
      const state = requests.get(request);
      if (state && state.operation === undefined && typeof params.operationName === 'string') state.operation = label(params.operationName);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const state = request ? requests.get(request) : undefined;
      if (state && state.operation === undefined) state.operation = label(args.operationName ?? operationNameOf(args.document));
      return {
        onExecuteDone() {
          // Every decision is made by the end of execution.
          const governance = requestGovernanceOf(args.contextValue);
          if (governance) metrics.recordRequestDecisions(governance);
        },
      };
    },
    onResultProcess({ request, result }) {
      const state = requests.get(request);
      if (!state || state.counted) return;
      state.counted = true;
      const results = Array.isArray(result) ? result : [result];
      const errors = results.flatMap((one) => (typeof one === 'object' && one !== null && 'errors' in one && Array.isArray(one.errors) ? one.errors : []));
      metrics.recordRequest(state.operation ?? label(undefined), outcomeOfErrors(errors), (performance.now() - state.started) / 1000);
    },
    onResponse({ request, response }) {
      // Refused before GraphQL saw it (a missing or invalid token: 401, 403).
      const state = requests.get(request);
      if (!state || state.counted || (response.status !== 401 && response.status !== 403)) return;
      state.counted = true;
      metrics.recordRequest(state.operation ?? label(undefined), 'denied', (performance.now() - state.started) / 1000);
    },
  };
}

function typeOfField(field: string): string {
  const dot = field.indexOf('.');
  return dot < 0 ? field : field.slice(0, dot);
}

function operationNameOf(document: { definitions: readonly { kind: string; name?: { value: string } }[] }): string | undefined {
  return document.definitions.find((definition) => definition.kind === 'OperationDefinition')?.name?.value;
}
