import type { z } from 'zod';
import type { ConnectorError } from '../../schema/index.ts';
import type { CircuitState } from './circuit-breaker.ts';
import type { ConnectorManifest } from './manifest.ts';
import type { SourceCache } from './source-cache.ts';

/** A row as the legacy system returns it, keyed by the legacy names (`from` in the catalogue). */
export type LegacyRow = Readonly<Record<string, unknown>>;

/** A scalar a source can filter on. */
export type FilterValue = string | number | boolean;

/**
 * One read from a legacy system, in catalogue terms (GraphQL type and field names). The
 * source kind translates it into its own protocol and pushes down as much as it can.
 */
export interface SourceQuery {
  /** The catalogued type to read. */
  readonly type: string;
  /** Rows whose `field` equals one of `values` (a batch of keys from one dataloader tick). */
  readonly in?: { readonly field: string; readonly values: readonly FilterValue[] };
  /** Rows whose fields equal these values. */
  readonly equals?: Readonly<Record<string, FilterValue>>;
  /** Rows whose administrative-code `field` lies within one of `scopes` (a prefix test). */
  readonly within?: { readonly field: string; readonly scopes: readonly string[] };
  /** Page size; absent means every matching row. */
  readonly limit?: number;
  /** Rows to skip before the page. @default 0 */
  readonly offset?: number;
  /** Aborted when the connector's timeout elapses. */
  readonly signal: AbortSignal;
}

/**
 * A subscription field a source offers on the `Subscription` root type: a stream of rows of
 * one catalogued type (new sensor readings, alarms…).
 */
export interface SourceEventField {
  /** The field name on the `Subscription` root type, such as `waterLevelReadings`. */
  readonly field: string;
  /** The catalogued type the stream carries. */
  readonly type: string;
  /** The source's own name of the stream, passed back to {@link SourceAdapter.subscribe}. */
  readonly event: string;
  readonly description?: string;
}

/** One subscription to a source's stream, in catalogue terms. */
export interface SourceSubscription {
  readonly type: string;
  /** Which stream, as named by {@link SourceEventField.event}. */
  readonly event: string;
  /** Only rows whose administrative-code `field` lies within one of `scopes`. */
  readonly within?: { readonly field: string; readonly scopes: readonly string[] };
}

/**
 * What a source kind builds for one connector: the client of the legacy system.
 *
 * `find` returns legacy rows; the SDK maps them to catalogue fields and checks their types,
 * so every kind reports a mismatch the same way.
 */
export interface SourceAdapter {
  /** Rows matching the query, in one upstream call (or one paginated walk). */
  find(query: SourceQuery): Promise<readonly LegacyRow[]>;
  /** Answers when the legacy system is reachable; throws otherwise. */
  probe(signal: AbortSignal): Promise<void>;
  /** Releases pools, sockets and timers, and ends every open subscription. */
  close(): Promise<void>;
  /**
   * The subscription fields this source offers (optional: only streaming sources such as
   * `mqtt` have any). The SDK adds one `Subscription` field per entry.
   */
  readonly eventFields?: readonly SourceEventField[];
  /**
   * Legacy rows of one stream as they arrive, until the consumer stops iterating (the
   * iterator's `return`) or the adapter closes. Required when `eventFields` is not empty.
   */
  subscribe?(subscription: SourceSubscription): AsyncIterable<LegacyRow>;
  /** Details for health reports (counters, connection state); never secrets. */
  health?(): Readonly<Record<string, unknown>>;
}

/** What a source kind receives besides the manifest. */
export interface SourceRuntime {
  /** Values of the environment variables that manifests name (endpoints, credentials). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory of the embedded stores; relative `sqlite:` paths resolve against it. */
  readonly dataDir: string;
  /** Called for every read sent to a legacy system (metrics, tests counting calls). */
  readonly onUpstreamCall?: (call: { readonly connector: string; readonly type: string; readonly batchSize?: number }) => void;
  /**
   * This connector's source cache, namespaced by the gateway to the connector and its
   * registered version; reads use it when the manifest sets `cacheTtlSeconds`. @default none
   */
  readonly sourceCache?: SourceCache;
  /**
   * Called as each batched read of a request starts, under the connector's timeout and
   * breaker (a read an open breaker refuses counts too); the function it may return is
   * called once when the read ends, with the rows it returned or its error (metrics, traces).
   * @default none
   */
  readonly onSourceRead?: (read: SourceRead) => OnSourceReadDone | void;
  /** Called each time a connector's circuit breaker changes state (metrics). @default none */
  readonly onBreakerStateChange?: (connector: string, state: CircuitState) => void;
}

/** A read a connector is about to send to its legacy system, as {@link SourceRuntime.onSourceRead} sees it. */
export interface SourceRead {
  readonly connector: string;
  /** The catalogued type read. */
  readonly type: string;
  /** How many keys the batch carries. */
  readonly batchSize: number;
}

/** How a read ended: the legacy rows it returned, or its error (timeouts are `UPSTREAM_TIMEOUT`). */
export type SourceReadOutcome = { readonly rows: number; readonly error?: undefined } | { readonly rows?: undefined; readonly error: ConnectorError };

/** Called once when a read {@link SourceRuntime.onSourceRead} saw starting ends. */
export type OnSourceReadDone = (outcome: SourceReadOutcome) => void;

/**
 * A source kind: the schema of its `source` block and the factory of its adapter.
 *
 * `check` cross-checks the `source` block against the catalogue (for example, that every
 * catalogued type has a table) and returns the issues it finds as `[path, message]` pairs.
 */
export interface SourceKind<Source extends { kind: string } = { kind: string }> {
  readonly kind: Source['kind'];
  readonly sourceSchema: z.ZodType<Source>;
  check(manifest: ConnectorManifest & { source: Source }): Array<[path: string, message: string]>;
  createAdapter(manifest: ConnectorManifest & { source: Source }, runtime: SourceRuntime): SourceAdapter;
  /**
   * The subscription fields the kind's adapters offer for a manifest (the same as
   * {@link SourceAdapter.eventFields}), known without creating an adapter, so a subschema can
   * be built for a composition check. Optional: kinds without streams have none.
   */
  eventFields?(manifest: ConnectorManifest & { source: Source }): readonly SourceEventField[];
}
