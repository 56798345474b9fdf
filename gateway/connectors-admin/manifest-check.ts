import { defineConnector, ManifestError, type ConnectorDefinition } from '../../connectors/index.ts';
import type { CheckReport } from './check-report.ts';

/** What a check is told about the city: the connectors active now. */
export interface ConnectorCheckContext {
  readonly active: readonly ConnectorDefinition[];
}

/**
 * A check of a candidate connector version before it may go live (`cityhub connectors
 * check`, and every registration). It never changes what is served.
 */
export type ConnectorCheck = (candidate: unknown, context: ConnectorCheckContext) => Promise<CheckReport>;

/**
 * The manifest check alone: validates the candidate with `defineConnector` and reports every
 * offending path of its {@link ManifestError} as an error finding. The registry's default
 * until the full `checkConnector` (environment, probe, composition, governance, breaking
 * changes) is injected in its place. Errors other than a refused manifest propagate.
 *
 * ```ts
 * const report = await checkManifestOnly(JSON.parse(text), { active: [] });
 * if (!report.ok) console.error(report.findings);
 * ```
 */
export const checkManifestOnly: ConnectorCheck = async (candidate) => {
  const id = typeof candidate === 'object' && candidate !== null ? (candidate as { id?: unknown }).id : undefined;
  const connectorId = typeof id === 'string' ? id : '';
  const checkedAt = new Date().toISOString();
  try {
    defineConnector(candidate);
    return { connectorId, checkedAt, ok: true, ran: ['manifest'], findings: [] };
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    return {
      connectorId,
      checkedAt,
      ok: false,
      ran: ['manifest'],
      findings: error.issues.map((issue) => ({ check: 'manifest', severity: 'error', ...(issue.path ? { path: issue.path } : {}), message: issue.message })),
    };
  }
};

/**
 * The check registrations run when none is given: {@link checkManifestOnly} for now. This is
 * the one place to put the full `checkConnector` (gateway/connectors-admin/check.ts) instead.
 */
export const defaultConnectorCheck: ConnectorCheck = checkManifestOnly;
