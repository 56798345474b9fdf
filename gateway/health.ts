import type { Plugin } from 'graphql-yoga';
import type { MalformedAgreementRow } from '../governance/index.ts';
import type { ConnectorHealth, ConnectorRegistry } from './registry.ts';
import type { SourceCacheReport } from './source-cache/hub-source-cache.ts';

/** Options of {@link useHealthEndpoints}. */
export interface HealthEndpointsOptions {
  readonly registry: ConnectorRegistry;
  /**
   * The agreement store, whose unreadable rows (skipped by every read) are listed under
   * `agreements.malformedRows`; they do not make the hub unready. @default not reported
   */
  readonly agreements?: { malformedRows(): readonly MalformedAgreementRow[] };
  /** Liveness path: answers 200 while the process serves HTTP. @default '/healthz' */
  readonly livenessPath?: string;
  /** Readiness path: 200 only when every connector has answered its probe. @default '/readyz' */
  readonly readinessPath?: string;
  /**
   * The hub's own stores to probe on each readiness request (the audit log): `/readyz` lists
   * each with its state and answers 503 while one is unavailable. @default none
   */
  readonly stores?: readonly StoreProbe[];
  /**
   * The source cache's report, listed as `sourceCache` (its backend, `ok` or `unavailable`
   * and its counts). A failing cache never makes the hub unready: reads go to the sources.
   * @default not reported
   */
  readonly sourceCache?: () => SourceCacheReport;
  /**
   * Whether a request may read the detailed `/readyz` (see {@link useHealthEndpoints});
   * everyone else gets the public answer. @default nobody: always the public answer
   */
  readonly isOperator?: (request: Request) => boolean | Promise<boolean>;
}

/** A store `/readyz` probes. */
export interface StoreProbe {
  readonly name: string;
  /** Resolves with the store's state; must not reject. */
  probe(): Promise<{ readonly state: 'ready' | 'unavailable'; readonly message?: string }>;
}

/**
 * Serves `/healthz` (the process is alive) and `/readyz` (every connector answered its
 * probe and every store in `stores` answers; 503 until all are ready).
 *
 * `/readyz` answers anyone, so its **public** answer keeps to states and counts: the status,
 * each connector id with its state (the code of its last failed probe, such as
 * `UPSTREAM_UNAVAILABLE`, and `breaker: 'open'` while its breaker fails fast),
 * each store's name and state, how many connectors are in each state, and how many
 * agreement rows are unreadable. No URL, no broker, no error text.
 *
 * An **operator** (`isOperator`: the hub grants it to the metrics token and to a
 * `platform-admin` token) gets the **detailed** answer (`detail: true`): per connector its
 * endpoint (a remote connector's URL, or the variable naming an in-process one's), when it
 * was last checked, its circuit breaker's state, failures and
 * retry time, and its source's own report (a CSV drop's rejected rows with their line numbers,
 * an MQTT connector's broker and malformed-payload counts; values quoted in those messages
 * are still withheld); each store's message; the unreadable agreement rows.
 *
 * ```ts
 * createYoga({ plugins: [useHealthEndpoints({ registry, isOperator })] });
 * // GET /readyz → { status: 'ready', connectors: [{ id: 'bus-stops', state: 'ready' }], counts: { ready: 1 } }
 * ```
 */
export function useHealthEndpoints(options: HealthEndpointsOptions): Plugin {
  const liveness = options.livenessPath ?? '/healthz';
  const readiness = options.readinessPath ?? '/readyz';
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname === liveness) {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (url.pathname === readiness) {
        const [stores, operator] = await Promise.all([
          Promise.all((options.stores ?? []).map(async (store) => ({ name: store.name, ...(await store.probe()) }))),
          options.isOperator ? options.isOperator(request) : false,
        ]);
        const ready = options.registry.isReady() && stores.every((store) => store.state === 'ready');
        const connectors = options.registry.health();
        const malformedRows = options.agreements?.malformedRows() ?? [];
        const status = ready ? 'ready' : 'not ready';
        const body = operator
          ? {
              status,
              detail: true,
              connectors,
              counts: countStates(connectors),
              ...(stores.length > 0 ? { stores } : {}),
              ...(options.sourceCache ? { sourceCache: options.sourceCache() } : {}),
              ...(malformedRows.length > 0 ? { agreements: { malformedRows } } : {}),
            }
          : {
              status,
              connectors: connectors.map((connector) => ({
                id: connector.id,
                state: connector.state,
                // A code (UPSTREAM_UNAVAILABLE…), never the failure's text.
                ...(connector.error ? { error: connector.error } : {}),
                ...(connector.breaker?.state === 'open' ? { breaker: 'open' } : {}),
              })),
              counts: countStates(connectors),
              ...(stores.length > 0 ? { stores: stores.map((store) => ({ name: store.name, state: store.state })) } : {}),
              // States and counts only: the report names no URL and no value.
              ...(options.sourceCache ? { sourceCache: options.sourceCache() } : {}),
              ...(malformedRows.length > 0 ? { agreements: { malformedRows: malformedRows.length } } : {}),
            };
        // The answer depends on who asks: a cache must not hand an operator's to anyone else.
        endResponse(fetchAPI.Response.json(body, { status: ready ? 200 : 503, headers: { vary: 'authorization', 'cache-control': 'no-store' } }));
      }
    },
  };
}

// Private: how many connectors are in each state.
function countStates(connectors: readonly ConnectorHealth[]): Partial<Record<ConnectorHealth['state'], number>> {
  const counts: Partial<Record<ConnectorHealth['state'], number>> = {};
  for (const connector of connectors) counts[connector.state] = (counts[connector.state] ?? 0) + 1;
  return counts;
}
