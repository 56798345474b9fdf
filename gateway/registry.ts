import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { createConnector, type CircuitBreakerReport, type Connector, type ConnectorDefinition, type ConnectorManifest, type SourceRuntime } from '../connectors/index.ts';
import { canonicalJson } from '../governance/index.ts';
import { composeCitySchema } from './compose.ts';
import type { Logger } from './logger.ts';
import { createRemoteCallSigner, type RemoteCallSigner } from './remote-call-signer.ts';
import { createRemoteConnector, remoteUrlsFromEnv } from './remote-connector.ts';
import type { HubSourceCache } from './source-cache/hub-source-cache.ts';

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
  /** Where the system is reached: the URL of a department-hosted connector, the variable naming an in-process one's endpoint. */
  readonly endpoint?: { readonly url: string } | { readonly variable: string };
}

/** Options of {@link createConnectorRegistry}. */
export interface ConnectorRegistryOptions {
  /** The connectors served at first; {@link ConnectorRegistry.update} replaces the set later. */
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
  /**
   * After a swap, how long the requests still running on the replaced schema may take
   * before the connectors it alone used are closed anyway (with a warning), in milliseconds.
   * @default 30000
   */
  readonly drainTimeoutMs?: number;
  /**
   * The source cache in-process connectors read through (see `createHubSourceCache`): each
   * connector version gets its own namespace, and a replaced or removed connector's entries
   * are dropped at the swap. Department-hosted connectors cache on their side, if at all.
   * @default none
   */
  readonly sourceCache?: HubSourceCache;
}

/**
 * A request's hold on the schema generation it started with: the generation's connectors
 * stay open until every lease on it is released, even after a swap.
 */
export interface SchemaLease {
  /** The generation: 1 at start, one more per swap. */
  readonly generation: number;
  readonly schema: GraphQLSchema;
  /** The manifests of the generation's connectors. */
  readonly manifests: readonly ConnectorManifest[];
  /** Ends the hold; a second call does nothing. */
  release(): void;
}

/** What one {@link ConnectorRegistry.update} changed. */
export interface ConnectorRegistryUpdate {
  /** The generation now served. */
  readonly generation: number;
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly removed: readonly string[];
  /** Connectors whose manifest did not change: they carry over, open, to the new generation. */
  readonly kept: readonly string[];
  /** Time from the call to the new schema being served (connectors created, schema composed), in milliseconds. */
  readonly swapMs: number;
}

/** The live set of connectors and the city schema stitched from them. */
export interface ConnectorRegistry {
  /** The current city schema. */
  readonly schema: GraphQLSchema;
  readonly connectors: readonly Connector[];
  /** The manifests of the current connectors: one array per generation, so callers may compare it by identity. */
  readonly manifests: readonly ConnectorManifest[];
  /** The current generation: 1 at start, one more per swap. */
  readonly generation: number;
  /** Holds the current generation for one request; see {@link SchemaLease}. */
  lease(): SchemaLease;
  /**
   * Replaces the set of connectors served: creates the connectors whose manifest is new or
   * changed (kept ones carry over), composes the city schema and serves it at once.
   * Requests already running finish on the schema they started with; the connectors only
   * they used are closed once they drained (or after `drainTimeoutMs`). Updates run one at a
   * time, in call order. Rejects, serving the previous schema still, when a connector cannot
   * be created or the schema does not compose.
   */
  update(definitions: readonly ConnectorDefinition[]): Promise<ConnectorRegistryUpdate>;
  /** Requests running on replaced generations, per generation (empty once all drained). */
  draining(): ReadonlyArray<{ readonly generation: number; readonly inFlight: number }>;
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
  /** Stops probing and closes every connector of every generation. */
  close(): Promise<void>;
}

// Private: one composed city schema and the connectors it was stitched from.
interface Generation {
  readonly id: number;
  readonly schema: GraphQLSchema;
  readonly connectors: readonly Connector[];
  readonly manifests: readonly ConnectorManifest[];
  inFlight: number;
  superseded: boolean;
  done: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Creates the connectors of every definition, stitches the city schema, and keeps probing
 * the legacy systems so readiness tracks them. A system that is down does not stop the
 * hub: its fields answer `null` with an error naming it, and `/readyz` says which one.
 * The set is live: {@link ConnectorRegistry.update} swaps connectors without a restart.
 */
export function createConnectorRegistry(options: ConnectorRegistryOptions): ConnectorRegistry {
  const interval = options.probeIntervalMs ?? 15_000;
  if (!Number.isInteger(interval) || interval < 0) {
    throw new TypeError(`probeIntervalMs must be a non-negative integer, received ${interval}`);
  }
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  if (!Number.isInteger(drainTimeoutMs) || drainTimeoutMs < 0) {
    throw new TypeError(`drainTimeoutMs must be a non-negative integer, received ${drainTimeoutMs}`);
  }
  const ids = uniqueIds(options.definitions);
  for (const id of Object.keys(options.remote ?? {})) {
    if (!ids.has(id)) throw new TypeError(`remote names connector "${id}", which is not registered`);
  }
  const { logger, runtime } = options;
  const signer = options.remoteSigner ?? createRemoteCallSigner({ dataDir: runtime.dataDir });
  const makeConnector = (definition: ConnectorDefinition): Connector => {
    const id = definition.manifest.id;
    const url = options.remote?.[id] ?? remoteUrlsFromEnv(runtime.env, [id])[id];
    if (url) return createRemoteConnector(definition, { url, signer });
    return createConnector(definition, options.sourceCache ? { ...runtime, sourceCache: options.sourceCache.forConnector(definition) } : runtime);
  };
  const generationOf = (id: number, connectors: Connector[]): Generation => ({
    id,
    schema: composeOrEmpty(connectors),
    connectors,
    manifests: connectors.map((connector) => connector.manifest),
    inFlight: 0,
    superseded: false,
    done: false,
  });
  let current = generationOf(1, options.definitions.map(makeConnector));
  // Generations that may still have requests running (the current one included).
  let live: Generation[] = [current];
  const closing = new Set<Promise<void>>();
  const states = new Map<string, ConnectorHealth>(current.connectors.map((c) => [c.id, { id: c.id, state: 'pending' }]));

  const probeOne = async (connector: Connector) => {
    const previous = states.get(connector.id)?.state;
    try {
      await connector.probe();
      if (!current.connectors.includes(connector)) return;
      states.set(connector.id, { id: connector.id, state: 'ready', checkedAt: new Date().toISOString() });
      if (previous !== 'ready') logger.info(`connector ${connector.id} is ready`);
    } catch (error) {
      if (!current.connectors.includes(connector)) return;
      const code = (error as { extensions?: { code?: string } }).extensions?.code ?? 'UPSTREAM_UNAVAILABLE';
      states.set(connector.id, { id: connector.id, state: 'unavailable', error: code, checkedAt: new Date().toISOString() });
      if (previous !== 'unavailable') logger.warn(`connector ${connector.id} is unavailable: ${(error as Error).message}`);
    }
  };
  const probeAll = async () => {
    await Promise.all(current.connectors.map(probeOne));
  };
  const waitUntilReady = async (wait: { timeoutMs?: number; retryIntervalMs?: number } = {}) => {
    const deadline = Date.now() + (wait.timeoutMs ?? 10_000);
    const pause = wait.retryIntervalMs ?? 500;
    for (;;) {
      const pending = current.connectors.filter((connector) => states.get(connector.id)?.state !== 'ready');
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

  // Private: a replaced generation is over; close the connectors no live generation still uses.
  const finish = (generation: Generation) => {
    if (generation.done) return;
    generation.done = true;
    clearTimeout(generation.timer);
    live = live.filter((other) => other !== generation);
    const stillUsed = new Set(live.flatMap((other) => other.connectors));
    for (const connector of generation.connectors) {
      if (stillUsed.has(connector)) continue;
      const closed = connector.close().then(
        () => logger.info(`connector ${connector.id} of generation ${generation.id} closed: the requests it served have finished`),
        (error: unknown) => logger.warn(`connector ${connector.id} of generation ${generation.id} failed to close: ${(error as Error).message}`),
      );
      closing.add(closed);
      void closed.finally(() => closing.delete(closed));
    }
  };
  const supersede = (generation: Generation) => {
    generation.superseded = true;
    if (generation.inFlight === 0) return finish(generation);
    generation.timer = setTimeout(() => {
      logger.warn(`generation ${generation.id} still has ${generation.inFlight} request(s) running after ${drainTimeoutMs} ms; closing its replaced connectors anyway`);
      finish(generation);
    }, drainTimeoutMs);
    generation.timer.unref();
  };

  let queue: Promise<unknown> = Promise.resolve();
  const update = (definitions: readonly ConnectorDefinition[]): Promise<ConnectorRegistryUpdate> => {
    const run = async (): Promise<ConnectorRegistryUpdate> => {
      const started = performance.now();
      uniqueIds(definitions);
      const before = new Map(current.connectors.map((connector) => [connector.id, connector]));
      const added: string[] = [];
      const replaced: string[] = [];
      const kept: string[] = [];
      const fresh: Connector[] = [];
      let next: Generation;
      try {
        const connectors = definitions.map((definition) => {
          const previous = before.get(definition.manifest.id);
          if (previous && canonicalJson(previous.manifest) === canonicalJson(definition.manifest)) {
            kept.push(previous.id);
            return previous;
          }
          const connector = makeConnector(definition);
          fresh.push(connector);
          (previous ? replaced : added).push(connector.id);
          return connector;
        });
        next = generationOf(current.id + 1, connectors);
      } catch (error) {
        await Promise.all(fresh.map((connector) => connector.close().catch(() => undefined)));
        throw error;
      }
      const removed = [...before.keys()].filter((id) => !definitions.some((definition) => definition.manifest.id === id));
      const previous = current;
      current = next;
      live.push(next);
      supersede(previous);
      const swapMs = performance.now() - started;
      for (const id of removed) states.delete(id);
      // The new versions read under their own revision already; dropping the old entries frees the store.
      for (const id of [...replaced, ...removed]) void options.sourceCache?.dropConnector(id);
      for (const connector of fresh) {
        states.set(connector.id, { id: connector.id, state: 'pending' });
        void probeOne(connector);
      }
      logger.info(
        `city schema generation ${next.id} serves ${next.connectors.length} connector(s) (${swapMs.toFixed(0)} ms)` +
          `${added.length ? `; added ${added.join(', ')}` : ''}${replaced.length ? `; replaced ${replaced.join(', ')}` : ''}${removed.length ? `; removed ${removed.join(', ')}` : ''}`,
      );
      return { generation: next.id, added, replaced, removed, kept, swapMs };
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    get schema() {
      return current.schema;
    },
    get connectors() {
      return current.connectors;
    },
    get manifests() {
      return current.manifests;
    },
    get generation() {
      return current.id;
    },
    lease() {
      const generation = current;
      generation.inFlight++;
      let released = false;
      return {
        generation: generation.id,
        schema: generation.schema,
        manifests: generation.manifests,
        release() {
          if (released) return;
          released = true;
          generation.inFlight--;
          if (generation.superseded && generation.inFlight === 0) finish(generation);
        },
      };
    },
    update,
    draining: () => live.filter((generation) => generation.superseded).map((generation) => ({ generation: generation.id, inFlight: generation.inFlight })),
    health: () => current.connectors.map((connector) => withDetails(states.get(connector.id) ?? { id: connector.id, state: 'pending' }, connector)),
    isReady: () => current.connectors.every((connector) => states.get(connector.id)?.state === 'ready'),
    probeAll,
    waitUntilReady,
    async close() {
      clearInterval(timer);
      await queue;
      const all = new Set(live.flatMap((generation) => generation.connectors));
      for (const generation of live) clearTimeout(generation.timer);
      live = [];
      await Promise.all([...all].map((connector) => connector.close()));
      await Promise.all([...closing]);
    },
  };
}

// Private: the ids of a set of definitions, refusing one given twice.
function uniqueIds(definitions: readonly ConnectorDefinition[]): Set<string> {
  const ids = new Set<string>();
  for (const { manifest } of definitions) {
    if (ids.has(manifest.id)) throw new TypeError(`connector id "${manifest.id}" is registered twice`);
    ids.add(manifest.id);
  }
  return ids;
}

/**
 * The schema served while no connector is active: a `Query` type with one field saying so,
 * so that the hub starts (and the admin API can be added) on an empty registry.
 */
export function emptyCitySchema(): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        _noConnectors: {
          type: GraphQLBoolean,
          description: 'No connector is active yet: register one (cityhub connectors register <file>), then activate it.',
          resolve: () => true,
        },
      },
    }),
  });
}

// Private: the city schema of a set of connectors, or the empty one.
function composeOrEmpty(connectors: readonly Connector[]): GraphQLSchema {
  return connectors.length === 0 ? emptyCitySchema() : composeCitySchema(connectors);
}

// Private: a connector's last probe with its source's report of now.
function withDetails(probed: ConnectorHealth, connector: Connector): ConnectorHealth {
  const endpoint = endpointOf(connector);
  const state = { ...probed, ...(connector.breaker ? { breaker: connector.breaker() } : {}), ...(endpoint ? { endpoint } : {}) };
  if (!connector.health) return state;
  try {
    return { ...state, details: withholdValues(connector.health()) as Record<string, unknown> };
  } catch (error) {
    return { ...state, detailsError: `the source failed to report its health (${(error as Error)?.name ?? 'error'})` };
  }
}

// Private: a remote connector's URL, or the variable naming an in-process connector's endpoint.
function endpointOf(connector: Connector): ConnectorHealth['endpoint'] {
  if ('url' in connector && typeof connector.url === 'string') return { url: connector.url };
  const variable = connector.manifest.source.endpointEnv;
  return typeof variable === 'string' ? { variable } : undefined;
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
