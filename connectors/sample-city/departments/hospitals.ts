import { defineConnector } from '../../define-connector.ts';

/** 医疗机构: the health commission's register of hospitals and community health centres. */
export default defineConnector({
  id: 'hospitals',
  names: { zh: '医疗机构', en: 'Medical institutions' },
  department: 'Health Commission',
  domain: 'health',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_HOSPITALS_URL',
    resources: {
      Hospital: {
        path: '/wjw/api/yljg/query',
        itemsPath: 'result.list',
        params: { hospitalId: 'jgdm', districtCode: 'qxdm', streetCode: 'jddm', kind: 'jglb' },
        withinParam: 'xzqhdm',
        pagination: { style: 'page', pageParam: 'pageIndex', sizeParam: 'pageSize', pageSize: 200, totalPath: 'result.totalCount' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    Hospital: {
      description: 'A medical institution: a hospital (医院) or a community health service centre (社区卫生服务中心).',
      key: 'hospitalId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode', 'kind', 'level', 'emergency'],
      fields: {
        hospitalId: { type: 'ID', from: 'jgdm', sharing: 'open', sensitivity: 'public', description: 'Licence number of the institution.' },
        name: { type: 'String', from: 'jgmc', sharing: 'open', sensitivity: 'public' },
        kind: { type: 'String', from: 'jglb', sharing: 'open', sensitivity: 'public', description: '综合医院, 专科医院, 中医医院 or 社区卫生服务中心.' },
        level: { type: 'String', from: 'jgdj', sharing: 'open', sensitivity: 'public', description: '三级甲等, 二级甲等, 一级…' },
        address: { type: 'String', from: 'dz', sharing: 'open', sensitivity: 'public' },
        phone: { type: 'String', from: 'lxdh', sharing: 'open', sensitivity: 'public', description: 'The switchboard, published.' },
        beds: { type: 'Int', from: 'cws', sharing: 'open', sensitivity: 'public' },
        emergency: { type: 'Boolean', from: 'sfyjz', sharing: 'open', sensitivity: 'public', description: 'Runs a 24-hour emergency department.' },
        occupiedBeds: { type: 'Int', from: 'zycws', sharing: 'unconditional', sensitivity: 'internal', description: 'Beds occupied at the last report.' },
        location: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'hospitals', target: 'Hospital', by: 'streetCode', listSize: 2 },
    { kind: 'has', on: 'District', field: 'hospitals', target: 'Hospital', by: 'districtCode', listSize: 8 },
    { kind: 'ref', on: 'Hospital', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
