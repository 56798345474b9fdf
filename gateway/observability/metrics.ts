import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';

/** Where {@link useMetrics} serves the Prometheus text format. */
export const METRICS_PATH = '/metrics';

/** What a policy decision did, as counted by {@link HubMetrics.recordPolicyDecision}. */
export type PolicyDecisionKind = 'rows-filtered' | 'field-masked' | 'field-withheld';

/**
 * The hub's Prometheus metrics (prom-client), on a registry of their own. Labels only ever
 * hold operation names, connector ids, type names, outcomes and decision kinds: never a
 * value read from a row or a variable, so no personal value can reach a label.
 */
export interface HubMetrics {
  readonly registry: Registry;
  /** Counts a connector's read of its legacy system. */
  recordConnectorCall(connector: string, type: string): void;
  /** Counts `count` policy decisions of one kind on a type (called by governance). */
  recordPolicyDecision(kind: PolicyDecisionKind, type: string, count?: number): void;
  /** Sets a connector's circuit-breaker state: 0 closed, 1 half-open, 2 open (called by the breaker). */
  setBreakerState(connector: string, state: 'closed' | 'half-open' | 'open'): void;
}

const BREAKER_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * Creates the hub's metrics on a fresh registry (one per hub, so tests and replicas in one
 * process never share counters).
 *
 * ```ts
 * const metrics = createHubMetrics();
 * createCityHub({ …, onUpstreamCall: (call) => metrics.recordConnectorCall(call.connector, call.type), plugins: [useMetrics({ metrics })] });
 * ```
 */
export function createHubMetrics(): HubMetrics & { readonly requests: Counter<'operation' | 'outcome'>; readonly latency: Histogram<'operation'> } {
  const registry = new Registry();
  const requests = new Counter({ name: 'cityhub_graphql_requests_total', help: 'GraphQL operations by operation name and outcome (ok, error).', labelNames: ['operation', 'outcome'] as const, registers: [registry] });
  const latency = new Histogram({ name: 'cityhub_graphql_request_duration_seconds', help: 'GraphQL operation latency by operation name.', labelNames: ['operation'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });
  const calls = new Counter({ name: 'cityhub_connector_calls_total', help: 'Reads a connector sent to its legacy system, by connector id and type.', labelNames: ['connector', 'type'] as const, registers: [registry] });
  const decisions = new Counter({ name: 'cityhub_policy_decisions_total', help: 'Governance decisions by kind (rows-filtered, field-masked, field-withheld) and type.', labelNames: ['kind', 'type'] as const, registers: [registry] });
  const breaker = new Gauge({ name: 'cityhub_connector_breaker_state', help: 'Circuit-breaker state per connector: 0 closed, 1 half-open, 2 open.', labelNames: ['connector'] as const, registers: [registry] });
  return {
    registry,
    requests,
    latency,
    recordConnectorCall: (connector, type) => calls.inc({ connector, type }),
    recordPolicyDecision: (kind, type, count = 1) => decisions.inc({ kind, type }, count),
    setBreakerState: (connector, state) => breaker.set({ connector }, BREAKER_STATES[state]),
  };
}

/** Options of {@link useMetrics}. */
export interface UseMetricsOptions {
  readonly metrics: ReturnType<typeof createHubMetrics>;
  /** The bearer token `/metrics` requires (`CITYHUB_METRICS_TOKEN`); without one `/metrics` is not served. */
  readonly token?: string;
}

/**
 * Counts every GraphQL operation by name (`anonymous` when unnamed) and outcome, times it,
 * and serves `GET /metrics` to callers sending `Authorization: Bearer <token>`.
 */
export function useMetrics(options: UseMetricsOptions): Plugin {
  const { metrics, token } = options;
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH) return;
      if (token === undefined) {
        endResponse(fetchAPI.Response.json({ error: 'metrics are off: set CITYHUB_METRICS_TOKEN to serve them' }, { status: 404 }));
        return;
      }
      if (request.headers.get('authorization') !== `Bearer ${token}`) {
        endResponse(fetchAPI.Response.json({ error: 'GET /metrics needs "Authorization: Bearer <CITYHUB_METRICS_TOKEN>"' }, { status: 401 }));
        return;
      }
      endResponse(new fetchAPI.Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }));
    },
    onExecute({ args }) {
      const started = performance.now();
      // The operation name is the client's, validated by GraphQL as a Name: never a value.
      const operation = args.operationName ?? operationNameOf(args.document) ?? 'anonymous';
      return {
        onExecuteDone({ result }) {
          const failed = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
          metrics.requests.inc({ operation, outcome: failed ? 'error' : 'ok' });
          metrics.latency.observe({ operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

function operationNameOf(document: { definitions: readonly { kind: string; name?: { value: string } }[] }): string | undefined {
  return document.definitions.find((definition) => definition.kind === 'OperationDefinition')?.name?.value;
}
