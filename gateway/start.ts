import { CITY_SCALES, startSampleCity, type CityScale, type SampleCity } from '../connectors/sample-city/index.ts';
import type { HubConfig } from './config.ts';
import { GRAPHQL_PATH, type CityHub } from './hub.ts';
import { createRegistryHub, type RegistryHub } from './start-registry.ts';
import type { RegistryService } from './connectors-admin/registry-service.ts';
import { createLogger } from './logger.ts';
import { createTraceProvider } from './observability/tracing-config.ts';
import { loadScenarioDocuments, OPERATIONS_PATH, scenarioGraphiql, useScenarioOperations } from './operations.ts';
import { DEV_TOKEN_LIFETIME_SECONDS } from './governance/governance-command.ts';
import { resolveGovernanceConfig } from './governance/governance-config.ts';
import { resolveEdgeConfig } from './limits/edge-config.ts';
import { resolveSourceCacheConfig } from './source-cache/source-cache-config.ts';
import type { HubStores } from './store-database.ts';
import { checkPortFree } from './port-check.ts';
import { CONSOLE_PATH } from './console/serve-console.ts';
import { resolveConsoleOidc } from './console/oidc-config.ts';
import { loadAuditSigner } from './audit/audit-signing-key.ts';
import { PERSONAS, PURPOSE_HEADER, loadDevKeyPair, mintToken, type PersonaName, type Principal } from '../governance/index.ts';
import { PLATFORM_ADMIN_ROLE } from './connectors-admin/registry-roles.ts';
import { namedVariables } from './connectors-admin/environment-findings.ts';
import type { ConnectorDefinition } from '../connectors/index.ts';

/**
 * The system principal the sample city's manifests are submitted by (`submittedBy` of their
 * versions, the principal of their registry events): a platform administrator of no
 * department, with no jurisdiction and no purpose, so it reads nothing.
 */
export const SAMPLE_CITY_PRINCIPAL: Principal = Object.freeze({
  subject: 'sample-city',
  department: '',
  roles: Object.freeze([PLATFORM_ADMIN_ROLE]),
  jurisdictions: Object.freeze([]),
  purposes: Object.freeze([]),
  displayName: 'The sample city (cityhub start --sample-city)',
});

/** Options of {@link startSampleHub}. */
export interface SampleHubOptions {
  /** Run and serve only these systems of the sample city (connector ids; `cityhub start --sample-city --only`). @default all 66 */
  readonly only?: readonly string[];
}

/** A hub serving the sample city, and how to stop both. */
export interface RunningSampleHub {
  readonly hub: CityHub;
  readonly city: SampleCity;
  /** The base URL the hub listens on. */
  readonly url: string;
  /** The hub's store: agreements, the connector registry and the audit log on one database. */
  readonly stores: HubStores;
  /** The connector registry the sample city's manifests were registered in (also the admin API). */
  readonly service: RegistryService;
  /** Stops the hub, flushes and closes the audit log and the store, then stops the sample city. */
  close(): Promise<void>;
}

/**
 * Starts the sample city on its embedded defaults (SQLite files under the data directory,
 * simulated legacy services on loopback) and the hub in front of it, governed and audited.
 * The sample city's manifests register through the connector registry as a department's do
 * (`createRegistryHub` with `register`: submitted by {@link SAMPLE_CITY_PRINCIPAL}, checked
 * as one batch, activated, audited; on a restart a manifest already active is left as it is),
 * so `cityhub connectors list` shows them and the registry's admin API is served alongside;
 * connectors departments registered on the same store are served too. The hub's store
 * (`<dataDir>/cityhub.sqlite`, or PostgreSQL when `CITYHUB_DATABASE_URL` is
 * set) is opened once and migrated, and holds the registry, the agreements and the audit log, which
 * records every operation that touches catalogued data (fail closed; `cityhub audit verify`
 * checks it). Auditors query it on the same endpoint (`auditEntries`, `auditReport…`,
 * `auditVerify`).
 */
export async function startSampleHub(config: HubConfig, options: SampleHubOptions = {}): Promise<RunningSampleHub> {
  // A busy port is reported before the sample city spends seconds starting.
  await checkPortFree(config.port, config.host);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  // Traces are off unless the OTEL_* variables ask for them (then checked here, before anything starts).
  const traces = await createTraceProvider(process.env);
  // GraphiQL opens on the scenario documents (gateway/operations/*.graphql), also listed at /operations.
  const documents = loadScenarioDocuments();
  // The console's OpenID Connect login, checked before the sample city spends seconds starting.
  const oidc = resolveConsoleOidc(process.env, resolveGovernanceConfig(process.env, config.dataDir).identity);
  // Sensors publish a round of readings every few seconds, as the real devices would.
  const city = await startSampleCity({
    dataDir: config.dataDir,
    scale: sampleCityScale(config.scale),
    host: '127.0.0.1',
    sensorIntervalMs: 5_000,
    ...(options.only ? { only: options.only } : {}),
  });
  const governance = resolveGovernanceConfig(process.env, config.dataDir);
  let running: RegistryHub;
  try {
    // CITYHUB_MIGRATE_ON_START=false: `cityhub migrate` ran as the owner, the hub role only checks.
    // The audit log signs checkpoints of its Merkle tree with the hub's key (see loadAuditSigner).
    const auditKey = loadAuditSigner({ dataDir: config.dataDir })!;
    // The sample city's manifests go through the registry as a department's do (checked,
    // registered, activated, audited), as one batch, and only when they changed.
    running = await createRegistryHub({
      dataDir: config.dataDir,
      ...(process.env.CITYHUB_DATABASE_URL ? { databaseUrl: process.env.CITYHUB_DATABASE_URL } : {}),
      env: { ...sampleCredentials(city.definitions), ...process.env, ...city.env },
      identity: governance.identity,
      logger,
      development: config.development,
      register: { principal: SAMPLE_CITY_PRINCIPAL, manifests: city.definitions.map((definition) => definition.manifest) },
      ...(traces ? { tracing: { tracerProvider: traces.tracerProvider } } : {}),
      sourceCache: resolveSourceCacheConfig(process.env),
      storeOptions: { migrate: process.env.CITYHUB_MIGRATE_ON_START !== 'false', auditOptions: { checkpoints: auditKey.checkpoints } },
      hubOptions: {
        graphiql: scenarioGraphiql(documents),
        plugins: [useScenarioOperations({ documents })],
        ...(process.env.CITYHUB_METRICS_TOKEN ? { metricsToken: process.env.CITYHUB_METRICS_TOKEN } : {}),
        edge: resolveEdgeConfig(process.env, { development: config.development }),
        ...(oidc ? { console: { oidc } } : {}),
      },
    });
  } catch (error) {
    await city.close();
    await traces?.shutdown();
    throw error;
  }
  const { hub, stores } = running;
  if (traces) logger.info(`traces: a span per request and per connector read, exported as OTEL_TRACES_EXPORTER / OTEL_EXPORTER_OTLP_* say (service ${process.env.OTEL_SERVICE_NAME?.trim() || 'cityhub'})`);
  let url: string;
  try {
    url = await hub.listen(config.port, config.host);
  } catch (error) {
    await running.close();
    await city.close();
    await traces?.shutdown();
    throw error;
  }
  logger.info(`CityHub is serving ${hub.registry.connectors.length} connectors; GraphiQL at ${url}${GRAPHQL_PATH}, the console at ${url}${CONSOLE_PATH}`);
  logger.info(`scenario documents (${documents.map((d) => d.id).join(', ')}) open in GraphiQL's tabs and at ${url}${OPERATIONS_PATH}`);
  logger.info(`audit log: every read of catalogued data is recorded in ${stores.database.dialect === 'sqlite' ? 'the hub store under the data directory (cityhub.sqlite)' : 'PostgreSQL (CITYHUB_DATABASE_URL)'}; auditors query it at ${url}${GRAPHQL_PATH} (auditEntries, auditReport…, auditVerify), verify it with: cityhub audit verify`);
  if (governance.identity.mode === 'development') {
    // Development mode: hand out one token per sample persona so the hub can be tried at once.
    const keys = await loadDevKeyPair({ dataDir: config.dataDir });
    const lines = [`Development tokens (valid ${DEV_TOKEN_LIFETIME_SECONDS / 3600} h; new ones: cityhub token <persona>). Send "Authorization: Bearer <token>" and "${PURPOSE_HEADER}: <purpose>"; no token reads open data only.`];
    for (const name of Object.keys(PERSONAS) as PersonaName[]) {
      const principal = PERSONAS[name];
      const token = await mintToken({ principal, keys, issuer: governance.identity.issuer, audience: governance.identity.audience, expiresInSeconds: DEV_TOKEN_LIFETIME_SECONDS });
      lines.push(`  ${name} — ${principal.department}, jurisdictions [${principal.jurisdictions.join(', ')}], purposes [${principal.purposes.join(', ')}]`, `    ${token}`);
    }
    console.log(lines.join('\n'));
  } else {
    logger.info('identity: production mode, tokens verified against CITYHUB_JWKS_URL');
  }
  return {
    hub,
    city,
    url,
    stores,
    service: running.service,
    async close() {
      try {
        // The registry sync stops, the hub drains, the audit log flushes before the store closes.
        await running.close();
      } finally {
        await city.close();
        await traces?.shutdown();
      }
    },
  };
}

/** The value of every credential variable the sample city's manifests name and the environment leaves unset. */
export const SAMPLE_CREDENTIAL = 'sample-city';

// Private: the sample city's credentials. Its simulators ask for none, but the manifests name
// variables for them as a department's do (`source.headersFromEnv`, `usernameEnv`…), and the
// registry's check requires every named variable to be set.
function sampleCredentials(definitions: readonly ConnectorDefinition[]): Record<string, string> {
  return Object.fromEntries(definitions.flatMap((definition) => namedVariables(definition.manifest).map(({ variable }) => [variable, SAMPLE_CREDENTIAL])));
}

// Private: `CITYHUB_SCALE` checked against the sample city's volumes.
function sampleCityScale(scale: string): CityScale {
  if (!Object.hasOwn(CITY_SCALES, scale)) {
    throw new TypeError(`CITYHUB_SCALE must be one of ${Object.keys(CITY_SCALES).join(', ')}, received ${JSON.stringify(scale)}`);
  }
  return scale as CityScale;
}
