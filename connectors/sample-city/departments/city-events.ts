import type { ConnectorManifestInput } from '../../sdk/manifest.ts';
import { defineConnector } from '../../define-connector.ts';

/**
 * 城运事件与派单: the city operations centre's events and their dispatches to departments, an
 * existing GraphQL API read stitching-style through its batch root fields. Exported as plain
 * input too, so the graphql kind's tests can vary it.
 */
export const cityEventsManifest: ConnectorManifestInput = {
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
        lookups: {
          eventId: { field: 'eventsByIds', argument: 'ids' },
          streetCode: { field: 'eventsByStreets', argument: 'streetCodes' },
          buildingId: { field: 'eventsByBuildings', argument: 'buildingIds' },
        },
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
      description: 'An event the city operations centre handles (reported by grid officers, sensors or citizens).',
      key: 'eventId',
      jurisdiction: 'gridCode',
      filters: ['status', 'category', 'streetCode'],
      fields: {
        eventId: { type: 'ID', from: 'eventId', sharing: 'unconditional', sensitivity: 'internal' },
        category: { type: 'String', from: 'category', sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'status', sharing: 'unconditional', sensitivity: 'internal', description: 'open, dispatched or closed.' },
        gridCode: { type: 'AdminCode', from: 'gridCode', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'streetCode', sharing: 'unconditional', sensitivity: 'internal' },
        buildingId: { type: 'ID', from: 'buildingId', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        reportedAt: { type: 'DateTime', from: 'reportedAt', sharing: 'unconditional', sensitivity: 'internal' },
        summary: { type: 'String', from: 'summary', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    Dispatch: {
      description: 'A dispatch of a city event to the department that handles it.',
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
    { kind: 'has', on: 'CityEvent', field: 'dispatches', target: 'Dispatch', by: 'eventId', listSize: 2 },
    { kind: 'ref', on: 'CityEvent', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'ref', on: 'CityEvent', field: 'grid', target: 'Grid', from: 'gridCode' },
    { kind: 'has', on: 'Street', field: 'cityEvents', target: 'CityEvent', by: 'streetCode', listSize: 20 },
    { kind: 'has', on: 'Building', field: 'cityEvents', target: 'CityEvent', by: 'buildingId', listSize: 3 },
  ],
};

export default defineConnector(cityEventsManifest);
