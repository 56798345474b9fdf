import { ManifestError } from './manifest-error.ts';
import type { ConnectorManifest } from './manifest.ts';
import type { SourceRuntime } from './source-kind.ts';

/**
 * The endpoint of a connector's legacy system, read from the environment variable its
 * manifest names in `source.endpointEnv` (endpoints and credentials are never written into
 * manifests). Throws a {@link ManifestError} naming the variable when it is not set.
 */
export function endpointFrom(manifest: ConnectorManifest, runtime: SourceRuntime): string {
  const variable = manifest.source.endpointEnv;
  if (typeof variable !== 'string') {
    throw new ManifestError(manifest.id, [{ path: 'source.endpointEnv', message: 'must name an environment variable' }]);
  }
  const value = runtime.env[variable];
  if (!value) {
    throw new ManifestError(manifest.id, [{ path: 'source.endpointEnv', message: `environment variable ${variable} is not set` }]);
  }
  return value;
}
