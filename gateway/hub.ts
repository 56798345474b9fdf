import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { ConnectorDefinition, SourceRuntime } from '../connectors/index.ts';
import { renderOfflineGraphiql } from './graphiql.ts';
import { useHealthEndpoints } from './health.ts';
import { useConsole, type ConsoleOptions } from './console/serve-console.ts';
import { devTokenMinter } from './console/dev-tokens.ts';
import { useSchemaSdl } from './schema-sdl.ts';
import { createHubMetrics, useMetrics, type HubMetrics } from './observability/metrics.ts';
import { instrumentAuditLog } from './observability/instrument-audit-log.ts';
import { createRequestIds } from './observability/request-ids.ts';
import { useRequestLog } from './observability/use-request-log.ts';
import { createHubTracing } from './observability/use-tracing.ts';
import { isOperatorRequest } from './observability/operator-access.ts';
import type { TracerProvider } from '@opentelemetry/api';
import { createLogger, type Logger } from './logger.ts';
import { createErrorMask } from './mask-error.ts';
import { createConnectorRegistry, type ConnectorRegistry } from './registry.ts';
import { useSubscriptionShutdown } from './subscriptions.ts';
import { useLiveSchema } from './use-live-schema.ts';
import { extendEachSchema } from './extend-each-schema.ts';
import { useOrderedExecution } from './use-ordered-execution.ts';
import { serveWsSubscriptions, type WsSubscriptions } from './ws-subscriptions.ts';
import { withAuditApi } from './audit/audit-api.ts';
import { addSubjectReport, createResidentSchema } from './audit/subject-report-api.ts';
import { auditWsRefusal } from './audit/audit-ws-refusal.ts';
import { useAuditExport } from './audit/serve-audit-export.ts';
import { auditStoreProbe } from './audit/audit-store-probe.ts';
import { isResident, type AuditLog } from '../governance/index.ts';
import type { GraphQLSchema } from 'graphql';
import { createHubGovernance, isAuditor, withRecording, type HubGovernance, type HubGovernanceOptions } from './governance/index.ts';
import { useCityGovernance } from './use-city-governance.ts';
import { createEdgeProtection } from './limits/create-edge-protection.ts';
import type { EdgeConfig } from './limits/edge-config.ts';
import { listSizesOf } from './limits/list-sizes.ts';
import { createSourceCache, useSourceCacheBypass, type HubSourceCache, type SourceCacheConfig } from './source-cache/index.ts';

/** Options of {@link createCityHub}. */
export interface CityHubOptions {
  /** The connectors to serve. */
  readonly definitions: readonly ConnectorDefinition[];
  /** Environment the manifests' endpoint and credential variables are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory of the embedded stores. @default './data' */
  readonly dataDir?: string;
  /** @default createLogger('info') */
  readonly logger?: Logger;
  /** Re-probe interval of the legacy systems, in milliseconds. @default 15000 */
  readonly probeIntervalMs?: number;
  /**
   * How long start-up waits for every connector to answer its probe (systems that are slow
   * to answer the first time are probed again), in milliseconds. The hub starts anyway when
   * it passes; `/readyz` then names the systems still unavailable. @default 10000
   */
  readonly startupTimeoutMs?: number;
  /** Show original messages of masked errors in `extensions` (never in production). @default false */
  readonly development?: boolean;
  /** Serve GraphiQL at the GraphQL endpoint for browsers, with these options (e.g. `scenarioGraphiql`). @default true */
  readonly graphiql?: boolean | GraphiQLOptions;
  /** Called for every read a connector sends to its legacy system. */
  readonly onUpstreamCall?: SourceRuntime['onUpstreamCall'];
  /**
   * Department-hosted connectors: connector id → URL of its GraphQL endpoint (see
   * `cityhub serve-connector`). Merged over `CITYHUB_REMOTE_<ID>_URL` in `env`. @default {}
   */
  readonly remote?: Readonly<Record<string, string>>;
  /** More plugins, run after the hub's own (governance and audit hook in here). */
  readonly plugins?: readonly Plugin[];
  /**
   * The audit log every operation touching catalogued data is appended to before its response
   * leaves (fail closed; see `useAudit`), requests refused by governance included. The
   * auditors' API (`auditEntries`, `auditReport…`, `auditVerify`, `auditCheckpoints`,
   * `auditInclusionProof`, `auditConsistencyProof`, `dataSubjectReport`; role `auditor` only) is
   * served on the same endpoint; governed, a `resident` is served only `dataSubjectReport`, of
   * their own person. With governance, auditors also download exports at `GET /audit/export`
   * (see `useAuditExport`). The caller owns the log and closes it after the hub.
   * @default no audit
   */
  readonly audit?: AuditLog;
  /**
   * Identity, row and column policies, masking and agreements (see `createHubGovernance`;
   * `resolveGovernanceConfig` builds the options from the environment). Without it the hub
   * answers every request ungoverned, which only embedded tests should do.
   * @default false
   */
  readonly governance?: false | HubGovernanceOptions;
  /**
   * Adds root fields to the served schema, once per city schema (after every swap), such as
   * the connector registry's admin API (`addRegistryApi`). @default none
   */
  readonly extendSchema?: (schema: GraphQLSchema) => GraphQLSchema;
  /** After a hot swap, how long requests on the replaced schema may run before its connectors close anyway, in milliseconds. @default 30000 */
  readonly drainTimeoutMs?: number;
  /**
   * The bearer token `GET /metrics` (Prometheus) requires; without one it is not served. It
   * also opens the detailed `/readyz` (as a `platform-admin` token does). @default undefined
   */
  readonly metricsToken?: string;
  /**
   * OpenTelemetry traces: a span per GraphQL request and per read of a legacy system (see
   * `createHubTracing`), sent to `tracerProvider` (`createTraceProvider` builds one from the
   * `OTEL_*` variables). The caller owns the provider and shuts it down after the hub.
   * @default no tracing (no span is created)
   */
  readonly tracing?: { readonly tracerProvider: TracerProvider };
  /**
   * Limits and abuse protection, over `DEFAULT_EDGE_CONFIG` (`resolveEdgeConfig` reads them
   * from the environment): operation limits, body limit, CSRF, CORS allow-list, rate limits
   * and stream caps, introspection, trusted documents, policy on open streams (see
   * `createEdgeProtection`). In development introspection is open to everyone unless set.
   * `false` turns it all off (benchmarks comparing with and without only).
   * @default {}
   */
  readonly edge?: false | Partial<EdgeConfig>;
  /**
   * The console at `/console` (see `useConsole`), built into `gateway/console/dist`. Its
   * persona picker mints tokens only when governance verifies with the development key.
   * @default served, with the development picker when the identity is in development mode
   */
  readonly console?: false | ConsoleOptions;
  /**
   * The source cache: in-process connectors whose manifest sets `cacheTtlSeconds` keep the
   * rows their legacy system answered for that long, in memory or in Redis (`redisUrl`),
   * below governance (policies apply to cached rows on every request), keyed on the
   * connector's registered version, never read by subscriptions. `true` is the in-memory
   * cache with its defaults; `resolveSourceCacheConfig` reads the settings from the
   * environment (`cityhub start` turns it on unless `CITYHUB_SOURCE_CACHE=off`).
   * @default false
   */
  readonly sourceCache?: boolean | SourceCacheConfig;
}

/** A running city hub. */
export interface CityHub {
  readonly yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  readonly registry: ConnectorRegistry;
  /** The hub's Prometheus metrics (governance and the circuit breaker record theirs here). */
  readonly metrics: HubMetrics;
  /** The hub's governance, when enabled. */
  readonly governance?: HubGovernance;
  /** The source cache, when enabled. */
  readonly sourceCache?: HubSourceCache;
  /**
   * Starts serving HTTP, and GraphQL over WebSocket (graphql-ws) on the same path; `port` 0
   * picks a free one. Resolves with the base URL.
   */
  listen(port: number, host?: string): Promise<string>;
  /**
   * Stops taking requests, completes open subscriptions (SSE and WebSocket) and closes their
   * sockets, lets the running requests finish, then closes every connector.
   */
  close(): Promise<void>;
}

/** Where the GraphQL endpoint (and GraphiQL) is served. */
export const GRAPHQL_PATH = '/graphql';

/**
 * Creates the city hub: the registry of connectors, the stitched city schema, and the
 * graphql-yoga server with GraphiQL at `/graphql`, `/healthz`, `/readyz` and masked
 * unexpected errors. Probes every connector once before resolving.
 *
 * ```ts
 * const hub = await createCityHub({ definitions, env });
 * const url = await hub.listen(4000);
 * ```
 */
export async function createCityHub(options: CityHubOptions): Promise<CityHub> {
  const logger = options.logger ?? createLogger('info');
  const metrics = createHubMetrics();
  // One id per request, shared by its audit entries, its log line and its span.
  const requestIds = createRequestIds();
  const tracing = options.tracing ? createHubTracing({ tracerProvider: options.tracing.tracerProvider, requestIdOf: requestIds.of, graphqlPath: GRAPHQL_PATH }) : undefined;
  const onUpstreamCall: SourceRuntime['onUpstreamCall'] = (call) => {
    metrics.recordConnectorCall(call.connector, call.type);
    options.onUpstreamCall?.(call);
  };
  const sourceCache = options.sourceCache
    ? await createSourceCache({ config: options.sourceCache === true ? {} : options.sourceCache, logger, onLookup: metrics.recordSourceCacheLookup, onStateChange: metrics.setSourceCacheState })
    : undefined;
  if (sourceCache) metrics.setSourceCacheState('ok');
  const onSourceRead: SourceRuntime['onSourceRead'] = (read) => {
    const measured = metrics.startSourceRead(read);
    const traced = tracing?.startSourceRead(read);
    return (outcome) => {
      measured(outcome);
      traced?.(outcome);
    };
  };
  const registry = createConnectorRegistry({
    definitions: options.definitions,
    runtime: { env: options.env ?? process.env, dataDir: options.dataDir ?? './data', onUpstreamCall, onSourceRead, onBreakerStateChange: metrics.setBreakerState },
    logger,
    ...(sourceCache ? { sourceCache } : {}),
    probeIntervalMs: options.probeIntervalMs,
    remote: options.remote,
    ...(options.drainTimeoutMs !== undefined ? { drainTimeoutMs: options.drainTimeoutMs } : {}),
  });
  await registry.probeAll();
  await registry.waitUntilReady({ timeoutMs: options.startupTimeoutMs ?? 10_000 });
  const governance = options.governance ? createHubGovernance({ logger, ...options.governance }) : undefined;
  const manifests = () => registry.manifests;
  governance?.schemaFor(registry.schema, manifests());

  const principalOf = (context: object) => governance?.identityOf(context)?.principal;
  const edge =
    options.edge === false
      ? undefined
      : await createEdgeProtection({
          config: { ...(options.development ? { introspection: 'everyone' as const } : {}), ...options.edge },
          principalOf,
          listSizeOf: listSizesOf(manifests),
          ...(governance ? { agreements: governance.agreements } : {}),
          logger,
        });
  const shutdown = new AbortController();
  // The plugins append through the instrumented log (append latency, queue depth); the rest reads the log itself.
  const auditLog = options.audit ? instrumentAuditLog(options.audit, metrics) : undefined;
  // Governed, the governed resolvers fill each request's record; audited without governance,
  // the same record is filled by recording resolvers that apply no policy.
  const citySchema = governance
    ? () => governance.schemaFor(registry.schema, manifests())
    : options.audit
      ? withRecording(() => registry.schema, manifests)
      : () => registry.schema;
  // With the audit on, the auditors' API is served on the same endpoint.
  // The auditors' API includes the data-subject report of any person.
  const audit = options.audit;
  const auditedSchema = audit
    ? extendEachSchema(withAuditApi(citySchema, { log: audit, ...(governance ? { agreements: governance.agreements } : {}) }), (schema) => addSubjectReport(schema, { log: audit }))
    : citySchema;
  // Governed and audited, a resident is served their own report and nothing else.
  const residentSchema = audit && governance ? createResidentSchema({ log: audit }) : undefined;
  const extended = (schema: () => GraphQLSchema) => (options.extendSchema ? extendEachSchema(schema, options.extendSchema) : schema);
  const servedSchema = extended(auditedSchema);
  // Governed, only auditors are served the auditors' API: the others' schema has no audit types.
  const auditorsOnly = options.audit && governance && edge;
  const othersSchema = auditorsOnly ? extended(citySchema) : servedSchema;
  // Each operation runs on the schema generation it started with (hot swaps drain; see useLiveSchema).
  const useCitySchema = useLiveSchema({
    registry,
    schema: (context) => {
      const principal = principalOf(context as object);
      if (residentSchema && principal && isResident(principal)) return residentSchema;
      if (!auditorsOnly) return servedSchema();
      return principal && isAuditor(principal) ? servedSchema() : othersSchema();
    },
  });
  const yoga = createYoga<Record<string, unknown>>({
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql ?? true,
    // GraphiQL's assets are served inline, never from a CDN: the hub may run on a closed network.
    renderGraphiQL: renderOfflineGraphiql,
    landingPage: false,
    ...(edge ? { cors: edge.cors } : {}),
    logging: {
      debug: (...args) => logger.debug(String(args[0]), ...args.slice(1)),
      info: (...args) => logger.info(String(args[0]), ...args.slice(1)),
      warn: (...args) => logger.warn(String(args[0]), ...args.slice(1)),
      error: (...args) => logger.error(String(args[0]), ...args.slice(1)),
    },
    maskedErrors: { maskError: createErrorMask({ logger, development: options.development }) },
    plugins: [
      // Its instrumentation wraps the whole request, so the request's span is the parent of every read.
      ...(tracing ? [tracing.plugin] : []),
      // First, so governance and the audit wrap the engine that orders fields as the query does.
      useOrderedExecution(),
      useCitySchema,
      useHealthEndpoints({
        registry,
        ...(governance ? { agreements: governance.agreements } : {}),
        ...(options.audit ? { stores: [auditStoreProbe(options.audit)] } : {}),
        ...(sourceCache ? { sourceCache: () => sourceCache.report() } : {}),
        isOperator: (request) => isOperatorRequest(request, { metricsToken: options.metricsToken, ...(governance ? { verifier: governance.verifier } : {}) }),
      }),
      ...(options.console === false ? [] : [useConsole({ ...consoleDevTokens(options.governance), ...options.console })]),
      // Auditors download the evidence export `cityhub audit export` writes, audited as a read of the log.
      ...(auditLog && governance ? [useAuditExport({ log: auditLog, verifier: governance.verifier })] : []),
      // Subscriptions never read the source cache, nor answer an event with an earlier one's rows.
      useSourceCacheBypass(),
      useSubscriptionShutdown({ signal: shutdown.signal }),
      useSchemaSdl({ citySchema, servedSchema, manifests, ...(governance ? { verifier: governance.verifier } : {}), ...(residentSchema ? { residentSchema: () => residentSchema } : {}) }),
      // The request record, the audit, the metrics and request log, identity and the policies,
      // each in its order: the observers come after the audit, so a response the audit withheld
      // is counted and logged as the error it became, and before identity, so its refusals are too.
      useCityGovernance({
        ...(governance ? { governance } : {}),
        ...(auditLog ? { audit: { log: auditLog, manifests, requestIdOf: requestIds.of } } : {}),
        observers: [
          useMetrics({ metrics, graphqlPath: GRAPHQL_PATH, ...(options.metricsToken ? { token: options.metricsToken } : {}) }),
          useRequestLog({ logger, requestIdOf: requestIds.of, graphqlPath: GRAPHQL_PATH }),
        ],
      }),
      ...(edge?.plugins ?? []), ...(options.plugins ?? []),
    ],
  });

  let server: Server | undefined;
  let ws: WsSubscriptions | undefined;
  return {
    yoga,
    registry,
    metrics,
    ...(governance ? { governance } : {}),
    ...(sourceCache ? { sourceCache } : {}),
    async listen(port, host = '127.0.0.1') {
      if (server) throw new Error('the hub is already listening');
      const listening = createServer(yoga);
      server = listening;
      ws = serveWsSubscriptions({
        server: listening,
        yoga,
        path: GRAPHQL_PATH,
        ...(governance ? { verifier: governance.verifier } : {}),
        ...(edge ? { guard: edge.ws } : {}),
        // Connections refused by identity are logged like HTTP 401/403.
        ...(auditLog ? { onRefused: auditWsRefusal({ log: auditLog }) } : {}),
        logger,
      });
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, host, () => resolve());
      });
      const address = listening.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    async close() {
      // Open subscriptions never finish by themselves: complete them so the server can drain.
      shutdown.abort();
      // WebSocket connections outlive their subscriptions: close them before draining HTTP.
      await ws?.close();
      ws = undefined;
      if (server) {
        const closing = server;
        server = undefined;
        // Connections become idle as their last response ends (completed subscriptions
        // included); close them as they do rather than waiting for the clients' keep-alive.
        const sweep = setInterval(() => closing.closeIdleConnections(), 25);
        await new Promise<void>((resolve) => {
          closing.close(() => resolve());
          closing.closeIdleConnections();
        });
        clearInterval(sweep);
      }
      await registry.close();
      await sourceCache?.close();
      await yoga.dispose();
      await governance?.close();
      await edge?.dispose();
    },
  };
}

// Private: the persona picker's minter, only for a governed hub on its development key.
function consoleDevTokens(governance: CityHubOptions['governance']): ConsoleOptions {
  const devTokens = governance ? devTokenMinter(governance.identity) : undefined;
  return devTokens ? { devTokens } : {};
}
