import { defineConnector } from '../../define-connector.ts';

/** 生活垃圾分类: the sanitation authority's household-waste sorting points (定时定点投放), from its legacy REST API. */
export default defineConnector({
  id: 'waste-sorting',
  names: { zh: '生活垃圾分类', en: 'Waste sorting points' },
  department: 'Sanitation Authority',
  domain: 'sanitation',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_WASTE_SORTING_URL',
    resources: {
      WasteSortingPoint: {
        path: '/ljfl/api/tfd/page',
        itemsPath: 'result.list',
        params: { pointId: 'tfdbh', communityCode: 'sqdm', streetCode: 'jddm' },
        withinParam: 'xzqhdm',
        pagination: { style: 'page', pageParam: 'current', sizeParam: 'size', pageSize: 200, totalPath: 'result.totalCount' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 600,
  catalogue: {
    WasteSortingPoint: {
      description: 'A household-waste drop-off point (投放点) with its opening times and monthly sorting compliance.',
      key: 'pointId',
      jurisdiction: 'communityCode',
      filters: ['communityCode', 'streetCode', 'supervised'],
      fields: {
        pointId: { type: 'ID', from: 'tfdbh', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'tfdmc', sharing: 'open', sensitivity: 'public' },
        address: { type: 'String', from: 'dz', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'open', sensitivity: 'public' },
        openingTimes: { type: 'String', from: 'tfsj', sharing: 'open', sensitivity: 'public', description: 'Drop-off windows, such as 07:00-09:00,18:00-20:00.' },
        binKinds: { type: 'String', from: 'tlx', sharing: 'open', sensitivity: 'public', description: 'Bins present: 干垃圾, 湿垃圾, 可回收物, 有害垃圾.' },
        supervised: { type: 'Boolean', from: 'sfyrzs', sharing: 'open', sensitivity: 'public', description: 'Staffed during drop-off windows (有人值守).' },
        complianceRate: { type: 'Float', from: 'fldbl', sharing: 'unconditional', sensitivity: 'internal', description: 'Sorting compliance last month, percent of inspections.' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'open', sensitivity: 'public' },
        communityCode: { type: 'AdminCode', from: 'sqdm', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Community', field: 'wasteSortingPoints', target: 'WasteSortingPoint', by: 'communityCode', listSize: 2 },
    { kind: 'has', on: 'Street', field: 'wasteSortingPoints', target: 'WasteSortingPoint', by: 'streetCode', listSize: 8 },
  ],
});
