import type { ConnectorManifestInput } from '../../sdk/manifest.ts';
import { defineConnector } from '../../define-connector.ts';

/**
 * 建筑三维模型索引: the planning bureau's 3D building-model index, an Apollo Federation
 * subgraph. It owns the city's `Building` (key `buildingId`); historic-buildings,
 * building-vibration, property-registry and elevators extend it. Exported as plain input too,
 * so the graphql kind's tests can vary it.
 */
export const buildingModelsManifest: ConnectorManifestInput = {
  id: 'building-models',
  names: { zh: '建筑三维模型索引', en: 'Building models' },
  department: 'Planning and Natural Resources',
  domain: 'housing',
  source: {
    kind: 'graphql',
    endpointEnv: 'CITYHUB_BUILDING_MODELS_URL',
    style: 'federation',
    types: {
      Building: {
        list: { field: 'buildings', args: { first: 'first', offset: 'offset', within: 'within' }, filters: { communityCode: 'communityCode' } },
        lookups: { communityCode: { field: 'buildingsByCommunities', argument: 'communityCodes' } },
      },
    },
  },
  timeoutMs: 1_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    Building: {
      description: 'A building of the city, as the 3D model index holds it.',
      key: 'buildingId',
      jurisdiction: 'gridCode',
      filters: ['communityCode', 'streetCode', 'floors', 'use'],
      fields: {
        buildingId: { type: 'ID', from: 'buildingId', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'name', sharing: 'open', sensitivity: 'public' },
        address: { type: 'String', from: 'address', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'districtCode', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'streetCode', sharing: 'open', sensitivity: 'public' },
        communityCode: { type: 'AdminCode', from: 'communityCode', sharing: 'open', sensitivity: 'public' },
        gridCode: { type: 'AdminCode', from: 'gridCode', sharing: 'unconditional', sensitivity: 'internal' },
        use: { type: 'String', from: 'use', sharing: 'open', sensitivity: 'public', description: 'residential, office, commercial or public.' },
        ownerDepartment: { type: 'String', from: 'ownerDepartment', sharing: 'unconditional', sensitivity: 'internal', description: 'The department that owns or manages the building.' },
        heightM: { type: 'Float', from: 'heightM', sharing: 'unconditional', sensitivity: 'internal' },
        floors: { type: 'Int', from: 'floors', sharing: 'open', sensitivity: 'public' },
        completedAt: { type: 'DateTime', from: 'completedAt', nullable: true, sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'lat', lng: 'lng' }, sharing: 'unconditional', sensitivity: 'internal' },
        modelUri: { type: 'String', from: 'modelUri', sharing: 'none', sensitivity: 'sensitive', description: 'The BIM file; structural detail that never leaves the bureau.' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'Building', field: 'grid', target: 'Grid', from: 'gridCode' },
    { kind: 'ref', on: 'Building', field: 'community', target: 'Community', from: 'communityCode' },
    { kind: 'has', on: 'Community', field: 'buildings', target: 'Building', by: 'communityCode', listSize: 6 },
  ],
};

export default defineConnector(buildingModelsManifest);
