import { SOURCE_KINDS } from './kinds/index.ts';
import { defineConnectorWith, type ConnectorDefinition } from './sdk/define-connector.ts';
import type { ConnectorManifestInput } from './sdk/manifest.ts';

/**
 * Validates a department's manifest and returns the connector definition, with every source
 * kind the hub speaks (`SOURCE_KINDS`). Everything is checked here, once: the shape, the
 * references inside the catalogue, and the kind's own `source` block against the catalogue.
 * A bad manifest throws a `ManifestError` naming the connector and every offending path.
 *
 * It lives above both the SDK and the kinds, which import the SDK: the SDK never imports a
 * kind (see `defineConnectorWith`).
 *
 * ```ts
 * export default defineConnector({
 *   id: 'grids', names: { zh: '网格划分', en: 'Grid registry' }, department: 'Grid Management Centre',
 *   domain: 'geography', source: { kind: 'sql', endpointEnv: 'CITYHUB_GRIDS_DB', tables: { Grid: 'WG_JBXX' } },
 *   catalogue: { Grid: { key: 'code', jurisdiction: 'code', fields: { code: { type: 'AdminCode', from: 'WGBM', sharing: 'open', sensitivity: 'public' } } } },
 * });
 * ```
 */
export function defineConnector(input: ConnectorManifestInput | unknown): ConnectorDefinition {
  return defineConnectorWith(SOURCE_KINDS, input);
}
