import { defineConnector } from '../../define-connector.ts';

/** 应急避难场所: the emergency management bureau's shelters, from a GBK CSV register (open data). */
export default defineConnector({
  id: 'emergency-shelters',
  names: { zh: '应急避难场所', en: 'Emergency shelters' },
  department: 'Emergency Management Bureau',
  domain: 'emergency',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_EMERGENCY_SHELTERS_DIR',
    encoding: 'gbk',
    refreshSeconds: 3_600,
    files: { Shelter: { file: '应急避难场所.csv' } },
  },
  timeoutMs: 5_000,
  catalogue: {
    Shelter: {
      description: 'An emergency shelter (应急避难场所).',
      key: 'shelterId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode', 'open', 'category'],
      fields: {
        shelterId: { type: 'ID', from: '场所编号', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: '场所名称', sharing: 'open', sensitivity: 'public' },
        kind: { type: 'String', from: '场所类型', sharing: 'open', sensitivity: 'public' },
        category: { type: 'String', from: '避难场所级别', sharing: 'open', sensitivity: 'public', description: 'Ⅰ类 (long stay) to Ⅲ类 (immediate).' },
        districtCode: { type: 'AdminCode', from: '所属区', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: '所属街道', sharing: 'open', sensitivity: 'public' },
        address: { type: 'String', from: '地址', sharing: 'open', sensitivity: 'public' },
        capacity: { type: 'Int', from: '容纳人数', sharing: 'open', sensitivity: 'public' },
        areaM2: { type: 'Int', from: '有效面积平方米', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: '纬度', lng: '经度' }, sharing: 'open', sensitivity: 'public' },
        open: { type: 'Boolean', from: '是否开放', sharing: 'open', sensitivity: 'public', description: 'Opened for the current emergency.' },
        dutyPhone: { type: 'String', from: '值班电话', sharing: 'unconditional', sensitivity: 'internal', description: "The duty office's landline." },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'shelters', target: 'Shelter', by: 'streetCode', listSize: 1 },
    { kind: 'has', on: 'District', field: 'shelters', target: 'Shelter', by: 'districtCode', listSize: 6 },
  ],
});
