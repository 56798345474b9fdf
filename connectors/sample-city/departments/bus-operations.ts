import { defineConnector } from '../../define-connector.ts';

/** 公交运营: bus routes and stops from the Transport Commission's nightly CSV export (stops in GBK). */
export default defineConnector({
  id: 'bus-operations',
  names: { zh: '公交运营', en: 'Bus operations' },
  department: 'Transport Commission',
  domain: 'transport',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_BUS_OPERATIONS_DIR',
    encoding: 'gbk',
    refreshSeconds: 3_600,
    files: { BusRoute: { file: '公交线路.csv' }, BusStop: { file: '公交站点.csv' } },
  },
  timeoutMs: 2_000,
  catalogue: {
    BusRoute: {
      description: 'A bus route (公交线路) run within a district.',
      key: 'routeId',
      jurisdiction: 'districtCode',
      filters: ['districtCode', 'operator'],
      fields: {
        routeId: { type: 'ID', from: '线路编号', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: '线路名称', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: '区划代码', sharing: 'open', sensitivity: 'public' },
        operator: { type: 'String', from: '运营公司', sharing: 'open', sensitivity: 'public' },
        lengthKm: { type: 'Float', from: '线路长度', sharing: 'open', sensitivity: 'public' },
        firstBus: { type: 'String', from: '首班时间', sharing: 'open', sensitivity: 'public' },
        lastBus: { type: 'String', from: '末班时间', sharing: 'open', sensitivity: 'public' },
        fareYuan: { type: 'Float', from: '票价', sharing: 'open', sensitivity: 'public' },
        dailyRidership: { type: 'Int', from: '日均客流', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    BusStop: {
      description: 'A stop of a bus route, in route order.',
      key: 'stopId',
      jurisdiction: 'streetCode',
      filters: ['routeId', 'streetCode', 'sheltered'],
      fields: {
        stopId: { type: 'ID', from: '站点编号', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: '站点名称', sharing: 'open', sensitivity: 'public' },
        routeId: { type: 'ID', from: '线路编号', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: '街道编码', sharing: 'open', sensitivity: 'public' },
        sequence: { type: 'Int', from: '站序', sharing: 'open', sensitivity: 'public' },
        sheltered: { type: 'Boolean', from: '有无候车亭', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: '纬度', lng: '经度' }, sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'BusRoute', field: 'stops', target: 'BusStop', by: 'routeId', listSize: 10 },
    { kind: 'ref', on: 'BusStop', field: 'route', target: 'BusRoute', from: 'routeId' },
    { kind: 'has', on: 'Street', field: 'busStops', target: 'BusStop', by: 'streetCode', listSize: 10 },
    { kind: 'has', on: 'District', field: 'busRoutes', target: 'BusRoute', by: 'districtCode', listSize: 6 },
  ],
});
