import type { GraphQLSchema } from 'graphql';
import { createConnector, type CircuitBreakerReport, type Connector, type ConnectorDefinition, type SourceRuntime } from '../connectors/index.ts';
import { composeCitySchema } from './compose.ts';
import type { Logger } from './logger.ts';
import { createRemoteCallSigner, type RemoteCallSigner } from './remote-call-signer.ts';
import { createRemoteConnector, remoteUrlsFromEnv } from './remote-connector.ts';

/** The state of one connector as the readiness probe sees it. */
export type ConnectorState = 'pending' | 'ready' | 'unavailable';

/** One connector's health, as `/readyz` lists it. */
export interface ConnectorHealth {
  readonly id: string;
  readonly state: ConnectorState;
  /** The code of the last failed probe, such as `UPSTREAM_UNAVAILABLE`. */
  readonly error?: string;
  readonly checkedAt?: string;
  /**
   * The source's own report at the time of asking (`Connector.health`): rejected CSV rows
   * with their line numbers, MQTT malformed-payload counts… Values quoted in its messages
   * are withheld (`/readyz` is public), and it never holds credentials.
   */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Why `details` is missing when the source failed to report them. */
  readonly detailsError?: string;
  /**
   * The connector's circuit breaker (in-process connectors): `open` while it fails fast
   * without calling the legacy system, with when it lets its next probe through.
   */
  readonly breaker?: CircuitBreakerReport;
}

/** Options of {@link createConnectorRegistry}. */
export interface ConnectorRegistryOptions {
  readonly definitions: readonly ConnectorDefinition[];
  readonly runtime: SourceRuntime;
  /**
   * Connectors served by their departments (`cityhub serve-connector`): connector id → URL
   * of its GraphQL endpoint. Merged over `CITYHUB_REMOTE_<ID>_URL` in `runtime.env`.
   * @default {}
   */
  readonly remote?: Readonly<Record<string, string>>;
  /** Signs every call to a remote connector. @default createRemoteCallSigner({ dataDir: runtime.dataDir }) */
  readonly remoteSigner?: RemoteCallSigner;
  readonly logger: Logger;
  /** How often every connector is probed again, in milliseconds (0: only at start). @default 15000 */
  readonly probeIntervalMs?: number;
}

/** The live set of connectors and the city schema stitched from them. */
export interface ConnectorRegistry {
  /** The current city schema. */
  readonly schema: GraphQLSchema;
  readonly connectors: readonly Connector[];
  /** Every connector's last probe. */
  health(): ConnectorHealth[];
  /** True once every connector has answered a probe, and while none has failed since. */
  isReady(): boolean;
  /** Probes every connector now; resolves when all have answered or failed. */
  probeAll(): Promise<void>;
  /**
   * Probes the connectors that are not ready again, every `retryIntervalMs`, until all are
   * ready or `timeoutMs` has passed. Resolves with whether all are ready; a system still
   * down at the deadline stays `unavailable` (and the periodic probe keeps watching it).
   */
  waitUntilReady(options?: { timeoutMs?: number; retryIntervalMs?: number }): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Creates the connectors of every definition, stitches the city schema, and keeps probing
 * the legacy systems so readiness tracks them. A system that is down does not stop the
 * hub: its fields answer `null` with an error naming it, and `/readyz` says which one.
 */
export function createConnectorRegistry(options: ConnectorRegistryOptions): ConnectorRegistry {
  const interval = options.probeIntervalMs ?? 15_000;
  if (!Number.isInteger(interval) || interval < 0) {
    throw new TypeError(`probeIntervalMs must be a non-negative integer, received ${interval}`);
  }
  const ids = new Set<string>();
  for (const { manifest } of options.definitions) {
    if (ids.has(manifest.id)) throw new TypeError(`connector id "${manifest.id}" is registered twice`);
    ids.add(manifest.id);
  }
  for (const id of Object.keys(options.remote ?? {})) {
    if (!ids.has(id)) throw new TypeError(`remote names connector "${id}", which is not registered`);
  }
  const remote = { ...remoteUrlsFromEnv(options.runtime.env, [...ids]), ...options.remote };
  const signer = options.remoteSigner ?? createRemoteCallSigner({ dataDir: options.runtime.dataDir });
  const connectors: Connector[] = options.definitions.map((definition) => {
    const url = remote[definition.manifest.id];
    return url ? createRemoteConnector(definition, { url, signer }) : createConnector(definition, options.runtime);
  });
  const schema = composeCitySchema(connectors);
  const states = new Map<string, ConnectorHealth>(connectors.map((c) => [c.id, { id: c.id, state: 'pending' }]));

  const probeOne = async (connector: Connector) => {
    const previous = states.get(connector.id)?.state;
    try {
      await connector.probe();
      states.set(connector.id, { id: connector.id, state: 'ready', checkedAt: new Date().toISOString() });
      if (previous !== 'ready') options.logger.info(`connector ${connector.id} is ready`);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code ?? 'UPSTREAM_UNAVAILABLE';
      states.set(connector.id, { id: connector.id, state: 'unavailable', error: code, checkedAt: new Date().toISOString() });
      if (previous !== 'unavailable') options.logger.warn(`connector ${connector.id} is unavailable: ${(error as Error).message}`);
    }
  };
  const probeAll = async () => {
    await Promise.all(connectors.map(probeOne));
  };
  const waitUntilReady = async (wait: { timeoutMs?: number; retryIntervalMs?: number } = {}) => {
    const deadline = Date.now() + (wait.timeoutMs ?? 10_000);
    const pause = wait.retryIntervalMs ?? 500;
    for (;;) {
      const pending = connectors.filter((connector) => states.get(connector.id)?.state !== 'ready');
      if (pending.length === 0) return true;
      if (Date.now() + pause > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
      await Promise.all(pending.map(probeOne));
    }
  };
  let timer: NodeJS.Timeout | undefined;
  if (interval > 0) {
    timer = setInterval(() => void probeAll(), interval);
    timer.unref();
  }

  return {
    schema,
    connectors,
    health: () => connectors.map((connector) => withDetails(states.get(connector.id)!, connector)),
    isReady: () => [...states.values()].every((health) => health.state === 'ready'),
    probeAll,
    waitUntilReady,
    async close() {
      clearInterval(timer);
      await Promise.all(connectors.map((connector) => connector.close()));
    },
  };
}

// Private: a connector's last probe with its source's report of now.
function withDetails(probed: ConnectorHealth, connector: Connector): ConnectorHealth {
  const state = connector.breaker ? { ...probed, breaker: connector.breaker() } : probed;
  if (!connector.health) return state;
  try {
    return { ...state, details: withholdValues(connector.health()) as Record<string, unknown> };
  } catch (error) {
    return { ...state, detailsError: `the source failed to report its health (${(error as Error)?.name ?? 'error'})` };
  }
}

/**
 * Withholds the data values a health report's messages may quote (a rejected row's
 * `received "13812345678"`, a repeated key `"310…"`): `/readyz` answers anyone, so only
 * counts, line numbers, field and column names and codes leave. Quoted text is withheld
 * unless it names a connector or a legacy column (fail closed).
 */
function withholdValues(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/received (?:"(?:[^"\\]|\\.)*"|\S+?)(?=[,;)]|\s|$)/g, 'received a value withheld here')
      .replace(/(Connector |legacy )?"(?:[^"\\]|\\.)*"/g, (quoted, name: string | undefined) => (name ? quoted : '"…"'));
  }
  if (Array.isArray(value)) return value.map(withholdValues);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withholdValues(entry)]));
  }
  return value;
}
