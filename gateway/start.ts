import { CITY_SCALES, startSampleCity, type CityScale, type SampleCity } from '../connectors/sample-city/index.ts';
import type { HubConfig } from './config.ts';
import { createCityHub, GRAPHQL_PATH, type CityHub } from './hub.ts';
import { createLogger } from './logger.ts';
import { createTraceProvider } from './observability/tracing-config.ts';
import { loadScenarioDocuments, OPERATIONS_PATH, scenarioGraphiql, useScenarioOperations } from './operations.ts';
import { DEV_TOKEN_LIFETIME_SECONDS } from './governance/governance-command.ts';
import { resolveGovernanceConfig } from './governance/governance-config.ts';
import { resolveEdgeConfig } from './limits/edge-config.ts';
import { resolveSourceCacheConfig } from './source-cache/source-cache-config.ts';
import { openHubStores, type HubStores } from './store-database.ts';
import { checkPortFree } from './port-check.ts';
import { CONSOLE_PATH } from './console/serve-console.ts';
import { loadAuditSigner } from './audit/audit-signing-key.ts';
import { resolveConfidentialPurposes } from './audit/confidential-purposes-config.ts';
import { PERSONAS, PURPOSE_HEADER, loadDevKeyPair, mintToken, type PersonaName } from '../governance/index.ts';

/** A hub serving the sample city, and how to stop both. */
export interface RunningSampleHub {
  readonly hub: CityHub;
  readonly city: SampleCity;
  /** The base URL the hub listens on. */
  readonly url: string;
  /** The hub's store: agreements and the audit log on one database. */
  readonly stores: HubStores;
  /** Stops the hub, flushes and closes the audit log and the store, then stops the sample city. */
  close(): Promise<void>;
}

/**
 * Starts the sample city on its embedded defaults (SQLite files under the data directory,
 * simulated legacy services on loopback) and the hub in front of it, governed and audited:
 * the hub's store (`<dataDir>/cityhub.sqlite`, or PostgreSQL when `CITYHUB_DATABASE_URL` is
 * set) is opened once and migrated, and holds both the agreements and the audit log, which
 * records every operation that touches catalogued data (fail closed; `cityhub audit verify`
 * checks it). Auditors query it on the same endpoint (`auditEntries`, `auditReport…`,
 * `auditVerify`).
 */
export async function startSampleHub(config: HubConfig): Promise<RunningSampleHub> {
  // A busy port is reported before the sample city spends seconds starting.
  await checkPortFree(config.port, config.host);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  // Traces are off unless the OTEL_* variables ask for them (then checked here, before anything starts).
  const traces = await createTraceProvider(process.env);
  // GraphiQL opens on the scenario documents (gateway/operations/*.graphql), also listed at /operations.
  const documents = loadScenarioDocuments();
  // Sensors publish a round of readings every few seconds, as the real devices would.
  const city = await startSampleCity({ dataDir: config.dataDir, scale: sampleCityScale(config.scale), host: '127.0.0.1', sensorIntervalMs: 5_000 });
  const governance = resolveGovernanceConfig(process.env, config.dataDir);
  let stores: HubStores;
  try {
    // CITYHUB_MIGRATE_ON_START=false: `cityhub migrate` ran as the owner, the hub role only checks.
    // The audit log signs checkpoints of its Merkle tree with the hub's key (see loadAuditSigner).
    const auditKey = loadAuditSigner({ dataDir: config.dataDir })!;
    stores = await openHubStores({
      dataDir: config.dataDir,
      databaseUrl: process.env.CITYHUB_DATABASE_URL,
      migrate: process.env.CITYHUB_MIGRATE_ON_START !== 'false',
      auditOptions: { checkpoints: auditKey.checkpoints, confidentialPurposes: resolveConfidentialPurposes(process.env) },
    });
  } catch (error) {
    await city.close();
    throw error;
  }
  let hub: CityHub;
  try {
    hub = await createCityHub({
      definitions: city.definitions,
      env: { ...process.env, ...city.env },
      dataDir: config.dataDir,
      logger,
      development: config.development,
      graphiql: scenarioGraphiql(documents),
      plugins: [useScenarioOperations({ documents })],
      governance: { identity: governance.identity, agreements: stores.agreements },
      audit: stores.audit!,
      ...(process.env.CITYHUB_METRICS_TOKEN ? { metricsToken: process.env.CITYHUB_METRICS_TOKEN } : {}),
      ...(traces ? { tracing: { tracerProvider: traces.tracerProvider } } : {}),
      edge: resolveEdgeConfig(process.env, { development: config.development }),
      sourceCache: resolveSourceCacheConfig(process.env),
    });
  } catch (error) {
    await stores.close();
    await city.close();
    await traces?.shutdown();
    throw error;
  }
  if (traces) logger.info(`traces: a span per request and per connector read, exported as OTEL_TRACES_EXPORTER / OTEL_EXPORTER_OTLP_* say (service ${process.env.OTEL_SERVICE_NAME?.trim() || 'cityhub'})`);
  const url = await hub.listen(config.port, config.host);
  logger.info(`CityHub is serving ${city.definitions.length} connectors; GraphiQL at ${url}${GRAPHQL_PATH}, the console at ${url}${CONSOLE_PATH}`);
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
    async close() {
      try {
        await hub.close();
      } finally {
        // The audit log flushes its last entries before the store closes.
        await stores.close();
        await city.close();
        await traces?.shutdown();
      }
    },
  };
}

// Private: `CITYHUB_SCALE` checked against the sample city's volumes.
function sampleCityScale(scale: string): CityScale {
  if (!Object.hasOwn(CITY_SCALES, scale)) {
    throw new TypeError(`CITYHUB_SCALE must be one of ${Object.keys(CITY_SCALES).join(', ')}, received ${JSON.stringify(scale)}`);
  }
  return scale as CityScale;
}
