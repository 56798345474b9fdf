import type { ConnectorManifestInput } from '../../../../connectors/index.ts';
import { buildingModelsManifest as buildingModels } from '../../../../connectors/sample-city/departments/building-models.ts';
import { cityEventsManifest as cityEvents } from '../../../../connectors/sample-city/departments/city-events.ts';

/**
 * The two sample-city `graphql` manifests (building-models: a federation subgraph;
 * city-events: a plain service read stitching-style), as fresh copies the tests may vary.
 */
export function buildingModelsManifest(): ConnectorManifestInput {
  return structuredClone(buildingModels);
}

/** A fresh copy of the city-events manifest (see {@link buildingModelsManifest}). */
export function cityEventsManifest(): ConnectorManifestInput {
  return structuredClone(cityEvents);
}
