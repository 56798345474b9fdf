import type { GraphQLSchema } from 'graphql';
import { callSource } from './call-source.ts';
import { createCircuitBreaker, type CircuitBreakerReport, type CircuitState } from './circuit-breaker.ts';
import { ManifestError } from './manifest-error.ts';
import { parseManifestShape, toManifestIssues, type ConnectorManifest, type ConnectorManifestInput } from './manifest.ts';
import type { SourceKind, SourceRuntime } from './source-kind.ts';
import { buildConnectorSubschema } from './subschema.ts';

/** A validated connector: its manifest and the source kind that will serve it. */
export interface ConnectorDefinition {
  readonly manifest: ConnectorManifest;
  readonly kind: SourceKind;
  /**
   * Which registered activation of the manifest this is (`<version>@<activated at>`, set by
   * the gateway's registry): caches keyed on it never serve rows read under another
   * activation. @default none (the manifest itself identifies it)
   */
  readonly revision?: string;
}

/**
 * The source kinds a manifest's `source.kind` may name, by name. The SDK holds no table of
 * its own (the kinds import the SDK, never the other way): `connectors/define-connector.ts`
 * passes the kinds of `connectors/kinds`.
 */
export type SourceKinds = Readonly<Record<string, SourceKind<any>>>;

/**
 * Validates a department's manifest against the source kinds `kinds` and returns the
 * connector definition; `defineConnector` (connectors/define-connector.ts) is this with
 * every kind the hub speaks. Everything is
 * checked here, once: the shape, the references inside the catalogue, and the kind's own
 * `source` block against the catalogue. A bad manifest throws a {@link ManifestError}
 * naming the connector and every offending path.
 *
 * ```ts
 * export default defineConnectorWith(SOURCE_KINDS, {
 *   id: 'grids', names: { zh: '网格划分', en: 'Grid registry' }, department: 'Grid Management Centre',
 *   domain: 'geography', source: { kind: 'sql', endpointEnv: 'CITYHUB_GRIDS_DB', tables: { Grid: 'WG_JBXX' } },
 *   catalogue: { Grid: { key: 'code', jurisdiction: 'code', fields: { code: { type: 'AdminCode', from: 'WGBM', sharing: 'open', sensitivity: 'public' } } } },
 * });
 * ```
 */
export function defineConnectorWith(kinds: SourceKinds, input: ConnectorManifestInput | unknown): ConnectorDefinition {
  const shaped = parseManifestShape(input);
  const kind = Object.hasOwn(kinds, shaped.source.kind) ? kinds[shaped.source.kind] : undefined;
  if (!kind) {
    throw new ManifestError(shaped.id, [
      { path: 'source.kind', message: `must be one of ${Object.keys(kinds).join(', ')}, received "${shaped.source.kind}"` },
    ]);
  }
  const source = kind.sourceSchema.safeParse(shaped.source);
  if (!source.success) throw new ManifestError(shaped.id, toManifestIssues(source.error, 'source'));
  const manifest = { ...shaped, source: source.data } as ConnectorManifest;
  const issues = kind.check(manifest);
  if (issues.length > 0) throw new ManifestError(manifest.id, issues.map(([path, message]) => ({ path, message })));
  return Object.freeze({ manifest, kind });
}

/** A connector ready to serve: its subschema, and the client of its legacy system. */
export interface Connector {
  readonly id: string;
  readonly manifest: ConnectorManifest;
  /** The connector's subgraph, with the `_lookup` fields the gateway merges on. */
  readonly schema: GraphQLSchema;
  /** Resolves when the legacy system answers; rejects with a `ConnectorError` otherwise. */
  probe(): Promise<void>;
  /**
   * The source's own health details (counters, rejected rows, connection state; see
   * `SourceAdapter.health`), for `/readyz`. Absent when the source kind reports none.
   */
  health?(): Readonly<Record<string, unknown>>;
  /** The state of the connector's circuit breaker, for `/readyz`. Absent when it has none (a remote connector). */
  breaker?(): CircuitBreakerReport;
  close(): Promise<void>;
}

/**
 * Creates a connector from its definition: the legacy-system client of its kind and the
 * subschema built from its catalogue. Nothing is contacted until the first query or probe.
 */
export function createConnector(definition: ConnectorDefinition, runtime: SourceRuntime): Connector {
  const { manifest, kind } = definition;
  const adapter = kind.createAdapter(manifest, runtime);
  const breaker = createCircuitBreaker({
    connectorId: manifest.id,
    ...manifest.circuitBreaker,
    ...(runtime.onBreakerStateChange ? { onStateChange: (state: CircuitState) => runtime.onBreakerStateChange!(manifest.id, state) } : {}),
  });
  const schema: GraphQLSchema = buildConnectorSubschema(manifest, adapter, {
    onUpstreamCall: runtime.onUpstreamCall,
    onSourceRead: runtime.onSourceRead,
    breaker,
    ...(runtime.sourceCache ? { cache: runtime.sourceCache } : {}),
  });
  return {
    id: manifest.id,
    manifest,
    schema,
    // The registry's probe always reaches the system (a system still starting up cannot open
    // the breaker), and its success closes an open breaker before openMs has passed.
    probe: () => callSource(manifest.id, manifest.timeoutMs, (signal) => adapter.probe(signal), { breaker, probe: true }),
    breaker: () => breaker.report(),
    ...(adapter.health ? { health: () => adapter.health!() } : {}),
    close: () => adapter.close(),
  };
}
