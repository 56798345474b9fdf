import { defineConnector } from '../../define-connector.ts';

/** 网格巡查: the grid management centre's patrollers (网格员) and the issues they report, from its legacy REST API. */
export default defineConnector({
  id: 'grid-patrol',
  names: { zh: '网格巡查人员与事件上报', en: 'Grid patrol' },
  department: 'Grid Management Centre',
  domain: 'city-management',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_GRID_PATROL_URL',
    headersFromEnv: { authorization: 'CITYHUB_GRID_PATROL_TOKEN' },
    resources: {
      Patroller: {
        path: '/wgh/api/xgy/query',
        itemsPath: 'data.records',
        params: { patrollerId: 'xgybh', gridCode: 'wgbm', streetCode: 'jddm' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'current', sizeParam: 'size', pageSize: 500, totalPath: 'data.total' },
      },
      PatrolReport: {
        path: '/wgh/api/sbsj/query',
        itemsPath: 'data.records',
        params: { reportId: 'sjbh', patrollerId: 'xgybh', gridCode: 'wgbm', streetCode: 'jddm', status: 'zt' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'current', sizeParam: 'size', pageSize: 500, totalPath: 'data.total' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 120,
  catalogue: {
    Patroller: {
      description: 'A grid patroller (网格巡查员) assigned to one grid.',
      key: 'patrollerId',
      jurisdiction: 'gridCode',
      filters: ['gridCode', 'streetCode', 'onDuty'],
      fields: {
        patrollerId: { type: 'ID', from: 'XGYBH', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'XM', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
        phone: { type: 'String', from: 'SJHM', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        onDuty: { type: 'Boolean', from: 'ZGZT', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    PatrolReport: {
      description: 'An issue a patroller reported from the street (上报事件), and how far it has got.',
      key: 'reportId',
      jurisdiction: 'gridCode',
      filters: ['gridCode', 'streetCode', 'status', 'category', 'patrollerId'],
      fields: {
        reportId: { type: 'ID', from: 'SJBH', sharing: 'unconditional', sensitivity: 'internal' },
        patrollerId: { type: 'ID', from: 'XGYBH', sharing: 'unconditional', sensitivity: 'internal' },
        category: { type: 'String', from: 'SJLB', sharing: 'unconditional', sensitivity: 'internal' },
        description: { type: 'String', from: 'SJMS', sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'ZT', sharing: 'unconditional', sensitivity: 'internal', description: '已上报, 已立案 or 已结案.' },
        reportedAt: { type: 'DateTime', from: 'SBSJ', sharing: 'unconditional', sensitivity: 'internal' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Grid', field: 'patrollers', target: 'Patroller', by: 'gridCode', listSize: 1 },
    { kind: 'has', on: 'Grid', field: 'patrolReports', target: 'PatrolReport', by: 'gridCode', listSize: 3 },
    { kind: 'has', on: 'Street', field: 'patrolReports', target: 'PatrolReport', by: 'streetCode', listSize: 28 },
    { kind: 'has', on: 'Patroller', field: 'reports', target: 'PatrolReport', by: 'patrollerId', listSize: 3 },
    { kind: 'ref', on: 'PatrolReport', field: 'patroller', target: 'Patroller', from: 'patrollerId' },
    { kind: 'ref', on: 'PatrolReport', field: 'grid', target: 'Grid', from: 'gridCode' },
  ],
});
