import type { IdentityVerifier, IdentityVerifierOptions, Principal } from '../governance/index.ts';
import type { HubConfig } from './config.ts';
import { createConnectorBatchCheck, createConnectorCheck, type ConnectorBatchCheck, type ConnectorCheck } from './connectors-admin/manifest-check.ts';
import { addRegistryApi } from './connectors-admin/registry-api.ts';
import { createRegistryService, type RegistryService } from './connectors-admin/registry-service.ts';
import { announceRegistryChange, loadActiveDefinitions, startRegistrySync, type RegistrySync } from './connectors-admin/registry-sync.ts';
import { resolveConsoleOidc } from './console/oidc-config.ts';
import { resolveGovernanceConfig } from './governance/governance-config.ts';
import { createCityHub, GRAPHQL_PATH, type CityHub, type CityHubOptions } from './hub.ts';
import { resolveSourceCacheConfig } from './source-cache/source-cache-config.ts';
import { createLogger, type Logger } from './logger.ts';
import { createTraceProvider } from './observability/tracing-config.ts';
import { hubDatabaseUrl, openHubStores, type HubStores, type HubStoresOptions } from './store-database.ts';
import { checkPortFree } from './port-check.ts';
import { resolveConfidentialPurposes } from './audit/confidential-purposes-config.ts';

/** Options of {@link createRegistryHub}. */
export interface RegistryHubOptions {
  /** The hub's data directory (its SQLite store by default, development keys). */
  readonly dataDir: string;
  /** `CITYHUB_DATABASE_URL`: PostgreSQL for the hub store, shared by replicas. @default the SQLite file under `dataDir` */
  readonly databaseUrl?: string;
  /** Where the manifests' endpoint and credential variables are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Identity verification (`resolveGovernanceConfig(env, dataDir).identity`). */
  readonly identity: IdentityVerifier | IdentityVerifierOptions;
  /** @default createLogger('info') */
  readonly logger?: Logger;
  /** Show masked errors' messages (never in production). @default false */
  readonly development?: boolean;
  /** The check every registration runs. @default createConnectorCheck over `env` */
  readonly check?: ConnectorCheck;
  /** The check of a batch registered with `register`. @default createConnectorBatchCheck over `env` */
  readonly checkBatch?: ConnectorBatchCheck;
  /**
   * Manifests registered and activated before the hub composes (`RegistryService.registerAll`:
   * checked as one batch, audited, idempotent on every start), as the sample city's are by
   * its system principal. @default none
   */
  readonly register?: { readonly principal: Principal; readonly manifests: readonly unknown[] };
  /** More of the hub's options (the sample city's GraphiQL tabs and scenario plugin, the edge limits, metrics). @default none */
  readonly hubOptions?: Pick<CityHubOptions, 'graphiql' | 'plugins' | 'edge' | 'metricsToken' | 'console'>;
  /** More of the store's options (migrations at start, the audit log's checkpoints). @default none */
  readonly storeOptions?: Pick<HubStoresOptions, 'migrate' | 'auditOptions'>;
  /** The registry sync's periodic check, in milliseconds (env `CITYHUB_REGISTRY_CHECK_INTERVAL_MS` for `cityhub start`). @default 30000 on PostgreSQL, 1000 on SQLite */
  readonly checkIntervalMs?: number;
  /** Re-probe interval of the legacy systems, in milliseconds. @default 15000 */
  readonly probeIntervalMs?: number;
  /** How long start-up waits for the active connectors' first probe, in milliseconds. @default 10000 */
  readonly startupTimeoutMs?: number;
  /** The source cache (`CityHubOptions.sourceCache`; `cityhub start` reads it from the environment). @default false */
  readonly sourceCache?: CityHubOptions['sourceCache'];
  /** `CITYHUB_METRICS_TOKEN`: serves `/metrics` and the detailed `/readyz` to its bearer (see `CityHubOptions.metricsToken`). @default undefined */
  readonly metricsToken?: string;
  /** OpenTelemetry traces (see `CityHubOptions.tracing`). @default no tracing */
  readonly tracing?: CityHubOptions['tracing'];
}

/** A hub serving the connectors active in the registry store, kept in step with it. */
export interface RegistryHub {
  readonly hub: CityHub;
  readonly stores: HubStores;
  /** Register, activate, roll back, retire (also served as the admin API on the hub's endpoint). */
  readonly service: RegistryService;
  readonly sync: RegistrySync;
  /** Stops the sync and the hub, then flushes the audit log and closes the store. */
  close(): Promise<void>;
}

/**
 * Creates a hub over the connectors active in the registry store (no simulator: endpoints
 * and credentials come from `env`), governed and audited, with the registry's admin API on
 * the same endpoint. Activating a version here swaps the schema before the mutation answers
 * and announces it to the other replicas (PostgreSQL NOTIFY); changes made elsewhere arrive
 * through LISTEN, or the periodic check.
 *
 * ```ts
 * const running = await createRegistryHub({ dataDir, identity: resolveGovernanceConfig(process.env, dataDir).identity });
 * await running.hub.listen(4000);
 * ```
 */
export async function createRegistryHub(options: RegistryHubOptions): Promise<RegistryHub> {
  const logger = options.logger ?? createLogger('info');
  const stores = await openHubStores({
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...options.storeOptions,
    auditOptions: { confidentialPurposes: resolveConfidentialPurposes(options.env ?? process.env), ...options.storeOptions?.auditOptions },
  });
  let hub: CityHub | undefined;
  let sync: RegistrySync | undefined;
  try {
    const checkOptions = { env: options.env ?? process.env, dataDir: options.dataDir };
    const service = createRegistryService({
      store: stores.registry,
      audit: stores.audit!,
      check: options.check ?? createConnectorCheck(checkOptions),
      checkBatch: options.checkBatch ?? createConnectorBatchCheck(checkOptions),
      async onActiveChange(change) {
        await sync?.refresh();
        await announceRegistryChange(stores.database, change);
      },
    });
    if (options.register) {
      const startedAt = performance.now();
      const outcomes = await service.registerAll(options.register.principal, options.register.manifests);
      const activated = outcomes.filter((outcome) => outcome.outcome === 'activated');
      logger.info(
        `registry: ${options.register.principal.subject} registered ${outcomes.length} connector(s) in ${Math.round(performance.now() - startedAt)} ms: ` +
          `${activated.length} activated (${activated.filter((outcome) => outcome.registered).length} new version(s)), ${outcomes.length - activated.length} already active`,
      );
    }
    const { definitions, keys } = await loadActiveDefinitions(stores.registry, logger);
    hub = await createCityHub({
      ...options.hubOptions,
      definitions,
      env: options.env ?? process.env,
      dataDir: options.dataDir,
      logger,
      ...(options.development !== undefined ? { development: options.development } : {}),
      ...(options.probeIntervalMs !== undefined ? { probeIntervalMs: options.probeIntervalMs } : {}),
      ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
      governance: { identity: options.identity, agreements: stores.agreements },
      audit: stores.audit!,
      extendSchema: (schema) => addRegistryApi(schema, service),
      ...(options.sourceCache !== undefined ? { sourceCache: options.sourceCache } : {}),
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      ...(options.tracing ? { tracing: options.tracing } : {}),
    });
    sync = await startRegistrySync({
      store: stores.registry,
      registry: hub.registry,
      logger,
      dialect: stores.database.dialect,
      databaseUrl: hubDatabaseUrl({ dataDir: options.dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) }),
      served: keys,
      ...(options.checkIntervalMs !== undefined ? { checkIntervalMs: options.checkIntervalMs } : {}),
    });
    const running = { hub, sync };
    return {
      hub,
      stores,
      service,
      sync,
      async close() {
        try {
          await running.sync.close();
          await running.hub.close();
        } finally {
          await stores.close();
        }
      },
    };
  } catch (error) {
    await sync?.close();
    await hub?.close();
    await stores.close();
    throw error;
  }
}

/** The plain `cityhub start`, running. */
export interface RunningRegistryHub extends RegistryHub {
  /** The base URL the hub listens on. */
  readonly url: string;
}

/**
 * The plain `cityhub start`: the hub over the connectors active in the registry store
 * (`<dataDir>/cityhub.sqlite`, or PostgreSQL with `CITYHUB_DATABASE_URL`), with endpoints and
 * credentials from the environment. With an empty registry it starts, says so, and says how
 * to register a connector.
 */
export async function startRegistryHub(config: HubConfig): Promise<RunningRegistryHub> {
  // A busy port is said in one line before anything starts.
  await checkPortFree(config.port, config.host);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const governance = resolveGovernanceConfig(process.env, config.dataDir);
  // The console's OpenID Connect login, checked before anything starts.
  const oidc = resolveConsoleOidc(process.env, governance.identity);
  // Traces are off unless the OTEL_* variables ask for them.
  const traces = await createTraceProvider(process.env);
  let running: RegistryHub;
  try {
    running = await createRegistryHub({
      dataDir: config.dataDir,
      ...(process.env.CITYHUB_DATABASE_URL ? { databaseUrl: process.env.CITYHUB_DATABASE_URL } : {}),
      identity: governance.identity,
      logger,
      development: config.development,
      ...checkIntervalFromEnv(process.env),
      ...(process.env.CITYHUB_METRICS_TOKEN ? { metricsToken: process.env.CITYHUB_METRICS_TOKEN } : {}),
      ...(traces ? { tracing: { tracerProvider: traces.tracerProvider } } : {}),
      sourceCache: resolveSourceCacheConfig(process.env),
      ...(oidc ? { hubOptions: { console: { oidc } } } : {}),
    });
  } catch (error) {
    await traces?.shutdown();
    throw error;
  }
  let url: string;
  try {
    url = await running.hub.listen(config.port, config.host);
  } catch (error) {
    await running.close();
    await traces?.shutdown();
    throw error;
  }
  const count = running.hub.registry.connectors.length;
  const store = running.stores.database.dialect === 'sqlite' ? 'the hub store under the data directory (cityhub.sqlite)' : 'PostgreSQL (CITYHUB_DATABASE_URL)';
  if (count === 0) {
    logger.info(
      `CityHub is serving no connector yet: the registry in ${store} is empty. Register one (a JSON manifest) with ` +
        '"cityhub connectors register <manifest.json> --as <persona>" and activate it with "cityhub connectors activate <id> --as <persona>", ' +
        `or through the admin API (registerConnector, activateConnector) at ${url}${GRAPHQL_PATH}; it is served at once, without a restart. ` +
        'The sample city runs with "cityhub start --sample-city".',
    );
  } else {
    logger.info(`CityHub is serving ${count} connector(s) active in the registry (${store}); GraphiQL at ${url}${GRAPHQL_PATH}`);
  }
  if (governance.identity.mode === 'development') {
    logger.info('identity: development mode; tokens: cityhub token <persona> (connectorAdmin registers Civil Affairs connectors, platformAdmin any)');
  }
  if (traces) logger.info('traces: a span per request and per connector read, exported as the OTEL_* variables say');
  const hub = running;
  return {
    ...hub,
    url,
    async close() {
      try {
        await hub.close();
      } finally {
        await traces?.shutdown();
      }
    },
  };
}

/** The environment variable that sets the registry sync's periodic check, in milliseconds. */
export const REGISTRY_CHECK_INTERVAL_ENV = 'CITYHUB_REGISTRY_CHECK_INTERVAL_MS';

// Private: `CITYHUB_REGISTRY_CHECK_INTERVAL_MS`, validated, when set.
function checkIntervalFromEnv(env: Readonly<Record<string, string | undefined>>): { checkIntervalMs?: number } {
  const raw = env[REGISTRY_CHECK_INTERVAL_ENV];
  if (raw === undefined || raw === '') return {};
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`${REGISTRY_CHECK_INTERVAL_ENV} must be a positive integer of milliseconds, received ${JSON.stringify(raw)}`);
  return { checkIntervalMs: value };
}
