import { defineConnector } from '../../define-connector.ts';

/** 公共停车: public car parks and their free spaces (Transport Commission), paged REST. */
export default defineConnector({
  id: 'parking',
  names: { zh: '公共停车', en: 'Public parking' },
  department: 'Transport Commission',
  domain: 'transport',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_PARKING_URL',
    resources: {
      ParkingLot: {
        path: '/tcc/api/parkinglot/query',
        itemsPath: 'data.list',
        params: { lotId: 'parkId', streetCode: 'streetNo', districtCode: 'areaNo' },
        withinParam: 'regionNo',
        pagination: { style: 'page', pageParam: 'pageNum', sizeParam: 'pageSize', pageSize: 300, totalPath: 'data.totalCount' },
      },
    },
  },
  timeoutMs: 2_000,
  cacheTtlSeconds: 60,
  catalogue: {
    ParkingLot: {
      description: 'A public car park (公共停车场) and its free spaces now.',
      key: 'lotId',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'districtCode', 'open24h'],
      fields: {
        lotId: { type: 'ID', from: 'parkId', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'parkName', sharing: 'open', sensitivity: 'public' },
        address: { type: 'String', from: 'parkAddr', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'areaNo', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'streetNo', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'latitude', lng: 'longitude' }, sharing: 'open', sensitivity: 'public' },
        totalSpaces: { type: 'Int', from: 'totalBerth', sharing: 'open', sensitivity: 'public' },
        freeSpaces: { type: 'Int', from: 'freeBerth', sharing: 'open', sensitivity: 'public' },
        pricePerHourYuan: { type: 'Float', from: 'feeHour', sharing: 'open', sensitivity: 'public' },
        open24h: { type: 'Boolean', from: 'allDay', sharing: 'open', sensitivity: 'public' },
        operator: { type: 'String', from: 'operName', sharing: 'unconditional', sensitivity: 'internal' },
        updatedAt: { type: 'DateTime', from: 'updTime', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [{ kind: 'has', on: 'Street', field: 'parkingLots', target: 'ParkingLot', by: 'streetCode', listSize: 3 }],
});
