import type { GraphQLSchema } from 'graphql';
import { ConnectorError } from '../../schema/index.ts';
import type { ConnectorDefinition } from './define-connector.ts';
import type { LegacyRow, SourceAdapter } from './source-kind.ts';
import { buildConnectorSubschema } from './subschema.ts';

/**
 * The subgraph a connector serves, built from its definition alone, without a client of its
 * legacy system: no endpoint variable is read and nothing is contacted. It is the schema
 * {@link createConnector} builds (subscription fields included, from the kind's
 * `eventFields`), for composing and comparing city schemas before anything goes live; every
 * resolver fails with an `UPSTREAM_UNAVAILABLE` {@link ConnectorError} saying so.
 *
 * ```ts
 * const schemas = DEPARTMENTS.map(buildDetachedSubschema); // no system needs to run
 * ```
 */
export function buildDetachedSubschema(definition: ConnectorDefinition): GraphQLSchema {
  const { manifest, kind } = definition;
  const refuse = (): never => {
    throw new ConnectorError(manifest.id, 'this subgraph was built for a check and reaches no legacy system', 'UPSTREAM_UNAVAILABLE');
  };
  const eventFields = kind.eventFields?.(manifest) ?? [];
  const adapter: SourceAdapter = {
    find: async () => refuse(),
    probe: async () => refuse(),
    close: async () => {},
    eventFields,
    // An async generator, so a subscription fails on its first event rather than at setup.
    async *subscribe(): AsyncIterable<LegacyRow> {
      refuse();
    },
  };
  return buildConnectorSubschema(manifest, adapter);
}
