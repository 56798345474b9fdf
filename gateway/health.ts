import type { Plugin } from 'graphql-yoga';
import type { MalformedAgreementRow } from '../governance/index.ts';
import type { ConnectorRegistry } from './registry.ts';

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
}

/**
 * Serves `/healthz` (the process is alive) and `/readyz` (every connector answered its
 * probe; the JSON body lists each connector id with its state, 503 until all are ready).
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
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === liveness) {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (url.pathname === readiness) {
        const ready = options.registry.isReady();
        const malformedRows = options.agreements?.malformedRows() ?? [];
        endResponse(
          fetchAPI.Response.json(
            {
              status: ready ? 'ready' : 'not ready',
              connectors: options.registry.health(),
              ...(malformedRows.length > 0 ? { agreements: { malformedRows } } : {}),
            },
            { status: ready ? 200 : 503 },
          ),
        );
      }
    },
  };
}
