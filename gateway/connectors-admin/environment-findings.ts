import type { ConnectorManifest } from '../../connectors/index.ts';
import type { CheckFinding } from './check-report.ts';

/** One environment variable a manifest names, and where. */
export interface NamedVariable {
  /** The manifest path naming it, such as `source.endpointEnv` or `source.headersFromEnv.Authorization`. */
  readonly path: string;
  readonly variable: string;
}

/**
 * Every environment variable a manifest's `source` block names: the endpoint and the
 * credentials, by the SDK's convention that a key ending in `Env` names one variable
 * (`endpointEnv`, `usernameEnv`) and a key ending in `FromEnv` maps names to variables
 * (`headersFromEnv`). Endpoints and secrets are never written into manifests.
 *
 * ```ts
 * namedVariables(manifest); // [{ path: 'source.endpointEnv', variable: 'CITYHUB_FARMS_DB' }]
 * ```
 */
export function namedVariables(manifest: ConnectorManifest): NamedVariable[] {
  const named: NamedVariable[] = [];
  for (const [key, value] of Object.entries(manifest.source)) {
    if (key.endsWith('FromEnv') && typeof value === 'object' && value !== null) {
      for (const [name, variable] of Object.entries(value)) {
        if (typeof variable === 'string') named.push({ path: `source.${key}.${name}`, variable });
      }
    } else if (key.endsWith('Env') && typeof value === 'string') {
      named.push({ path: `source.${key}`, variable: value });
    }
  }
  return named;
}

/** The `environment` check: every variable the manifest names is set (and not empty) in `env`. */
export function environmentFindings(manifest: ConnectorManifest, env: Readonly<Record<string, string | undefined>>): CheckFinding[] {
  return namedVariables(manifest)
    .filter(({ variable }) => !env[variable])
    .map(({ path, variable }) => ({
      check: 'environment',
      severity: 'error',
      path,
      message: `environment variable ${variable} is not set`,
    }));
}
