import { defineConnector, ManifestError, type ConnectorDefinition } from '../../connectors/index.ts';
import { checkConnector, checkConnectors } from './check.ts';
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
 * The check of a batch of candidates that go live together, one report per candidate in
 * their order (see `checkConnectors`, which composes the city once for the batch).
 */
export type ConnectorBatchCheck = (candidates: readonly unknown[], context: ConnectorCheckContext) => Promise<CheckReport[]>;

/**
 * The manifest check alone: validates the candidate with `defineConnector` and reports every
 * offending path of its {@link ManifestError} as an error finding. For a caller that
 * has no legacy system to probe and no city to compose with (the full check is
 * {@link createConnectorCheck}). Errors other than a refused manifest propagate.
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

/** Options of {@link createConnectorCheck}. */
export interface ConnectorCheckOptions {
  /** The environment the candidate's endpoint and credential variables are read from (the hub's). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory against which relative `sqlite:` paths resolve. */
  readonly dataDir: string;
  /** Probe the candidate's legacy system. @default true */
  readonly probe?: boolean;
}

/**
 * The check registrations run: the full `checkConnector` (the manifest, the endpoint
 * variables in `env`, a probe of the legacy system, composition with the active city,
 * governance rules and breaking changes against the scenario operations).
 *
 * ```ts
 * const check = createConnectorCheck({ env: process.env, dataDir: './data' });
 * const report = await check(JSON.parse(text), { active });
 * ```
 */
export function createConnectorCheck(options: ConnectorCheckOptions): ConnectorCheck {
  return (candidate, context) =>
    checkConnector({ manifest: candidate }, { active: context.active, env: options.env, dataDir: options.dataDir, ...(options.probe !== undefined ? { probe: options.probe } : {}) });
}

/**
 * The batch check {@link createConnectorCheck}'s registrations run when several manifests go
 * live together (`RegistryService.registerAll`): `checkConnectors`, the city composed once.
 */
export function createConnectorBatchCheck(options: ConnectorCheckOptions): ConnectorBatchCheck {
  return (candidates, context) =>
    checkConnectors(candidates, { active: context.active, env: options.env, dataDir: options.dataDir, ...(options.probe !== undefined ? { probe: options.probe } : {}) });
}
