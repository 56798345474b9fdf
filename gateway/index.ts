export { composeCitySchema, mergeConfigOf } from './compose.ts';
export type { CitySubgraph } from './compose.ts';
export { DEFAULT_HUB_CONFIG, resolveHubConfig } from './config.ts';
export type { HubConfig } from './config.ts';
export { useHealthEndpoints } from './health.ts';
export type { HealthEndpointsOptions } from './health.ts';
export { createCityHub, GRAPHQL_PATH } from './hub.ts';
export type { CityHub, CityHubOptions } from './hub.ts';
export { createLogger, LOG_FORMATS, LOG_LEVELS, resolveLogFormat, resolveLogLevel } from './logger.ts';
export type { LogFormat, Logger, LoggerOptions, LogLevel } from './logger.ts';
export { createHubMetrics, METRICS_PATH, useMetrics } from './observability/metrics.ts';
export type { HubMetrics, PolicyDecisionKind, UseMetricsOptions } from './observability/metrics.ts';
export { createHubTracing, TRACER_NAME } from './observability/use-tracing.ts';
export type { HubTracing, HubTracingOptions } from './observability/use-tracing.ts';
export { createTraceProvider, tracesExporterOf } from './observability/tracing-config.ts';
export type { HubTraceProvider, TracesExporter } from './observability/tracing-config.ts';
export { createRequestIds } from './observability/request-ids.ts';
export type { RequestIds } from './observability/request-ids.ts';
export { REQUEST_LOG_MESSAGE, useRequestLog } from './observability/use-request-log.ts';
export type { RequestLogOptions } from './observability/use-request-log.ts';
export { createErrorMask, UNEXPECTED_ERROR_MESSAGE } from './mask-error.ts';
export { createConnectorRegistry } from './registry.ts';
export type { ConnectorHealth, ConnectorRegistry, ConnectorRegistryOptions, ConnectorState } from './registry.ts';
// `startSampleHub` (./start.ts) is deliberately not re-exported: it starts the sample city,
// and the gateway library loads no simulator (cityhub start --sample-city imports it lazily).
export { createRemoteConnector, remoteUrlsFromEnv, remoteUrlVariable } from './remote-connector.ts';
export type { RemoteConnector, RemoteConnectorOptions } from './remote-connector.ts';
export { startRemoteConnector } from './remote-server.ts';
export { DEFAULT_REMOTE_CALL_LIFETIME_SECONDS, REMOTE_CALL_ALGORITHM, REMOTE_CALL_ISSUER, createRemoteCallSigner, loadRemoteCallKey, remoteCallKeyPaths } from './remote-call-signer.ts';
export type { RemoteCallKey, RemoteCallSigner, RemoteCallSignerOptions } from './remote-call-signer.ts';
export { MAX_REMOTE_CALL_LIFETIME_SECONDS, RemoteCallRefusedError, createRemoteCallVerifier, readHubJwks } from './remote-call-verifier.ts';
export type { RemoteCallVerifier, RemoteCallVerifierOptions } from './remote-call-verifier.ts';
export type { RemoteConnectorServer, RemoteConnectorServerOptions } from './remote-server.ts';
export {
  DEFAULT_AUDIENCE,
  DEFAULT_DEV_ISSUER,
  JURISDICTION_ALIAS,
  addAgreementsApi,
  buildGovernanceCatalogue,
  createHubGovernance,
  governCitySchema,
  resolveGovernanceConfig,
  requestRecordOf,
  useGovernance,
  useIdentity,
} from './governance/index.ts';
export type { GovernanceCatalogue, GovernanceConfig, HubGovernance, HubGovernanceOptions, RequestGovernance, RequestRecord, SourceRecord } from './governance/index.ts';
export { useCityGovernance } from './use-city-governance.ts';
export type { CityGovernanceOptions } from './use-city-governance.ts';
export { checkConnector, createConnectorsCommand, formatCheckReport } from './connectors-admin/index.ts';
export type { CheckCandidate, CheckContext, CheckFinding, CheckName, CheckReport, SkippedCheck } from './connectors-admin/index.ts';
export { checkHubStoresMigrated, grantHubRole, migrateHubStores } from './hub-store-migrations.ts';
export type { GrantHubRoleOptions } from './hub-store-migrations.ts';
export { UPSTREAM_CLIENT_EXTENSIONS, clientUpstreamError } from './upstream-error.ts';
export { createEdgeProtection } from './limits/create-edge-protection.ts';
export type { EdgeProtection, EdgeProtectionOptions } from './limits/create-edge-protection.ts';
export { DEFAULT_EDGE_CONFIG, DEFAULT_OPERATION_LIMITS, DEFAULT_ROLE_LIMITS, resolveEdgeConfig } from './limits/edge-config.ts';
export type { EdgeConfig, IntrospectionAccess, OperationLimits, RateLimits } from './limits/edge-config.ts';
export { LimitError } from './limits/limit-error.ts';
export type { LimitCode } from './limits/limit-error.ts';
export { createPrincipalLimiter } from './rate-limit/principal-limiter.ts';
export type { PrincipalLimiter } from './rate-limit/principal-limiter.ts';
export {
  createHubSourceCache,
  createMemorySourceCacheStore,
  createRedisSourceCacheStore,
  createSourceCache,
  resolveSourceCacheConfig,
  sourceCacheRevision,
  useSourceCacheBypass,
} from './source-cache/index.ts';
export type { HubSourceCache, SourceCacheConfig, SourceCacheReport, SourceCacheStore } from './source-cache/index.ts';
export { documentHash, loadTrustedDocuments } from './trusted-documents/use-trusted-documents.ts';
