import { defineConnector } from '../../define-connector.ts';

/** 实时路况: road segments and their congestion index by hour (Transport Commission), paged REST. */
export default defineConnector({
  id: 'road-conditions',
  names: { zh: '实时路况', en: 'Road conditions' },
  department: 'Transport Commission',
  domain: 'transport',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_ROAD_CONDITIONS_URL',
    resources: {
      RoadSegment: {
        path: '/jtw/openapi/road/segments',
        itemsPath: 'data.list',
        params: { segmentId: 'ldbm', streetCode: 'jddm', districtCode: 'qxdm' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'page', sizeParam: 'rows', pageSize: 500, totalPath: 'data.count' },
      },
      CongestionIndex: {
        path: '/jtw/openapi/road/tpi',
        itemsPath: 'data.list',
        params: { indexId: 'zsbh', segmentId: 'ldbm', period: 'sd', level: 'djmc' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'page', sizeParam: 'rows', pageSize: 500, totalPath: 'data.count' },
      },
    },
  },
  timeoutMs: 2_000,
  cacheTtlSeconds: 60,
  catalogue: {
    RoadSegment: {
      description: 'A road segment (路段) the congestion index is computed for.',
      key: 'segmentId',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'districtCode', 'roadClass'],
      fields: {
        segmentId: { type: 'ID', from: 'ldbm', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'ldmc', sharing: 'open', sensitivity: 'public' },
        roadClass: { type: 'String', from: 'dldj', sharing: 'open', sensitivity: 'public', description: '快速路, 主干路, 次干路 or 支路.' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'open', sensitivity: 'public' },
        lengthKm: { type: 'Float', from: 'cd', sharing: 'open', sensitivity: 'public' },
        speedLimitKmh: { type: 'Int', from: 'xs', sharing: 'open', sensitivity: 'public' },
        centre: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'open', sensitivity: 'public' },
      },
    },
    CongestionIndex: {
      description: "A road segment's traffic performance index (TPI) for one hour of the day.",
      key: 'indexId',
      jurisdiction: 'streetCode',
      filters: ['segmentId', 'period', 'level'],
      fields: {
        indexId: { type: 'ID', from: 'zsbh', sharing: 'open', sensitivity: 'public' },
        segmentId: { type: 'ID', from: 'ldbm', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'open', sensitivity: 'public' },
        period: { type: 'String', from: 'sd', sharing: 'open', sensitivity: 'public', description: 'The hour, HH:00.' },
        index: { type: 'Float', from: 'tpi', sharing: 'open', sensitivity: 'public', description: '0 (free flow) to 10 (gridlock).' },
        level: { type: 'String', from: 'djmc', sharing: 'open', sensitivity: 'public', description: '畅通, 基本畅通, 轻度拥堵, 中度拥堵 or 严重拥堵.' },
        averageSpeedKmh: { type: 'Float', from: 'pjsd', sharing: 'open', sensitivity: 'public' },
        measuredAt: { type: 'DateTime', from: 'fbsj', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'RoadSegment', field: 'congestion', target: 'CongestionIndex', by: 'segmentId', listSize: 13 },
    { kind: 'ref', on: 'CongestionIndex', field: 'segment', target: 'RoadSegment', from: 'segmentId' },
    { kind: 'has', on: 'Street', field: 'roadSegments', target: 'RoadSegment', by: 'streetCode', listSize: 3 },
  ],
});
