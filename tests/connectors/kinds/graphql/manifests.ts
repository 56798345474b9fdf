import type { ConnectorManifestInput } from '../../../../connectors/index.ts';

/**
 * The two sample `graphql` manifests (building-models: a federation subgraph; city-events: a
 * plain service read stitching-style), as plain inputs the tests vary.
 */
export function buildingModelsManifest(): ConnectorManifestInput {
  return {
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
        },
      },
    },
    timeoutMs: 1_000,
    catalogue: {
      Building: {
        description: 'A building of the 3D model index.',
        key: 'buildingId',
        jurisdiction: 'communityCode',
        filters: ['communityCode', 'floors'],
        fields: {
          buildingId: { type: 'ID', from: 'buildingId', sharing: 'open', sensitivity: 'public' },
          name: { type: 'String', from: 'name', sharing: 'open', sensitivity: 'public' },
          address: { type: 'String', from: 'address', sharing: 'unconditional', sensitivity: 'internal' },
          communityCode: { type: 'AdminCode', from: 'communityCode', sharing: 'open', sensitivity: 'public' },
          heightM: { type: 'Float', from: 'heightM', sharing: 'unconditional', sensitivity: 'internal' },
          floors: { type: 'Int', from: 'floors', sharing: 'open', sensitivity: 'public' },
          completedAt: { type: 'DateTime', from: 'completedAt', nullable: true, sharing: 'open', sensitivity: 'public' },
          location: { type: 'GeoPoint', from: { lat: 'lat', lng: 'lng' }, sharing: 'unconditional', sensitivity: 'internal' },
        },
      },
    },
  };
}

export function cityEventsManifest(): ConnectorManifestInput {
  return {
    id: 'city-events',
    names: { zh: '城运事件与派单', en: 'City events and dispatches' },
    department: 'City Operations Centre',
    domain: 'emergency',
    source: {
      kind: 'graphql',
      endpointEnv: 'CITYHUB_CITY_EVENTS_URL',
      style: 'stitching',
      types: {
        CityEvent: {
          list: { field: 'events', args: { first: 'limit', offset: 'skip' }, filters: { status: 'status' } },
          lookups: { eventId: { field: 'eventsByIds', argument: 'ids' } },
        },
        Dispatch: {
          list: { field: 'dispatches', args: { first: 'limit', offset: 'skip' }, filters: { state: 'state' } },
          lookups: {
            dispatchId: { field: 'dispatchesByIds', argument: 'ids' },
            eventId: { field: 'dispatchesByEvents', argument: 'eventIds' },
          },
        },
      },
    },
    timeoutMs: 1_000,
    catalogue: {
      CityEvent: {
        key: 'eventId',
        jurisdiction: 'gridCode',
        filters: ['status', 'category'],
        fields: {
          eventId: { type: 'ID', from: 'eventId', sharing: 'unconditional', sensitivity: 'internal' },
          category: { type: 'String', from: 'category', sharing: 'unconditional', sensitivity: 'internal' },
          status: { type: 'String', from: 'status', sharing: 'unconditional', sensitivity: 'internal' },
          gridCode: { type: 'AdminCode', from: 'gridCode', sharing: 'unconditional', sensitivity: 'internal' },
          buildingId: { type: 'ID', from: 'buildingId', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
          reportedAt: { type: 'DateTime', from: 'reportedAt', sharing: 'unconditional', sensitivity: 'internal' },
          summary: { type: 'String', from: 'summary', sharing: 'unconditional', sensitivity: 'internal' },
        },
      },
      Dispatch: {
        key: 'dispatchId',
        jurisdiction: 'gridCode',
        filters: ['state'],
        fields: {
          dispatchId: { type: 'ID', from: 'dispatchId', sharing: 'unconditional', sensitivity: 'internal' },
          eventId: { type: 'ID', from: 'eventId', sharing: 'unconditional', sensitivity: 'internal' },
          gridCode: { type: 'AdminCode', from: 'gridCode', sharing: 'unconditional', sensitivity: 'internal' },
          department: { type: 'String', from: 'department', sharing: 'unconditional', sensitivity: 'internal' },
          dispatchedAt: { type: 'DateTime', from: 'dispatchedAt', sharing: 'unconditional', sensitivity: 'internal' },
          state: { type: 'String', from: 'state', sharing: 'unconditional', sensitivity: 'internal' },
        },
      },
    },
    links: [
      { kind: 'has', on: 'CityEvent', field: 'dispatches', target: 'Dispatch', by: 'eventId' },
      { kind: 'ref', on: 'CityEvent', field: 'building', target: 'Building', from: 'buildingId' },
    ],
  };
}
