import type { Plugin } from 'graphql-yoga';
import type { MalformedAgreementRow } from '../governance/index.ts';
import type { ConnectorRegistry } from './registry.ts';
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
}

/** A store `/readyz` probes. */
export interface StoreProbe {
  readonly name: string;
  /** Resolves with the store's state; must not reject. */
  probe(): Promise<{ readonly state: 'ready' | 'unavailable'; readonly message?: string }>;
}

/**
 * Serves `/healthz` (the process is alive) and `/readyz` (every connector answered its
 * probe and every store in `stores` answers; the JSON body lists each connector id and
 * store with its state, 503 until all are ready).
 * Each connector whose source reports its own health carries it as `details`, such as a
 * CSV drop's rejected rows with their line numbers or an MQTT connector's malformed-payload
 * counts; values quoted in those messages are withheld, since the endpoint answers anyone.
 *
 * ```ts
 * createYoga({ plugins: [useHealthEndpoints({ registry })] });
 * // GET /readyz → { status: 'ready', connectors: [{ id: 'bus-stops', state: 'ready', details: { files: … } }] }
 * ```
 */
export function useHealthEndpoints(options: HealthEndpointsOptions): Plugin {
  const liveness = options.livenessPath ?? '/healthz';
  const readiness = options.readinessPath ?? '/readyz';
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === liveness) {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (url.pathname === readiness) {
        const stores = await Promise.all((options.stores ?? []).map(async (store) => ({ name: store.name, ...(await store.probe()) })));
        const ready = options.registry.isReady() && stores.every((store) => store.state === 'ready');
        const malformedRows = options.agreements?.malformedRows() ?? [];
        endResponse(
          fetchAPI.Response.json(
            {
              status: ready ? 'ready' : 'not ready',
              connectors: options.registry.health(),
              ...(stores.length > 0 ? { stores } : {}),
              ...(options.sourceCache ? { sourceCache: options.sourceCache() } : {}),
              ...(malformedRows.length > 0 ? { agreements: { malformedRows } } : {}),
            },
            { status: ready ? 200 : 503 },
          ),
        );
      }
    },
  };
}
