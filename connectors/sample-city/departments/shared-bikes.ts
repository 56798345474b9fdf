import { defineConnector } from '../../define-connector.ts';

/** 共享单车监管: shared-bike parking zones and the bikes parked in them (Transport Commission), paged REST. */
export default defineConnector({
  id: 'shared-bikes',
  names: { zh: '共享单车监管', en: 'Shared-bike supervision' },
  department: 'Transport Commission',
  domain: 'transport',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_SHARED_BIKES_URL',
    resources: {
      BikeParkingZone: {
        path: '/bike/supervise/v1/fence/list',
        itemsPath: 'body.items',
        params: { zoneId: 'fence_id', gridCode: 'grid_code', streetCode: 'street_code' },
        withinParam: 'region_code',
        pagination: { style: 'page', pageParam: 'page_no', sizeParam: 'page_size', pageSize: 1000, totalPath: 'body.total' },
      },
    },
  },
  timeoutMs: 2_000,
  cacheTtlSeconds: 60,
  catalogue: {
    BikeParkingZone: {
      description: 'A shared-bike parking zone (电子围栏) and the bikes of each operator parked in it now.',
      key: 'zoneId',
      jurisdiction: 'gridCode',
      filters: ['gridCode', 'streetCode', 'overCapacity'],
      fields: {
        zoneId: { type: 'ID', from: 'fence_id', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'fence_name', sharing: 'open', sensitivity: 'public' },
        gridCode: { type: 'AdminCode', from: 'grid_code', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'street_code', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'lat', lng: 'lng' }, sharing: 'open', sensitivity: 'public' },
        capacity: { type: 'Int', from: 'capacity', sharing: 'open', sensitivity: 'public' },
        bikesParked: { type: 'Int', from: 'bike_total', sharing: 'open', sensitivity: 'public' },
        hellobikeBikes: { type: 'Int', from: 'hb_num', sharing: 'unconditional', sensitivity: 'internal' },
        meituanBikes: { type: 'Int', from: 'mt_num', sharing: 'unconditional', sensitivity: 'internal' },
        didiBikes: { type: 'Int', from: 'qj_num', sharing: 'unconditional', sensitivity: 'internal' },
        overCapacity: { type: 'Boolean', from: 'over_flag', sharing: 'open', sensitivity: 'public' },
        updatedAt: { type: 'DateTime', from: 'update_time', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Grid', field: 'bikeParkingZones', target: 'BikeParkingZone', by: 'gridCode', listSize: 1 },
    { kind: 'has', on: 'Street', field: 'bikeParkingZones', target: 'BikeParkingZone', by: 'streetCode', listSize: 12 },
  ],
});
