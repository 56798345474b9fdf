import { defineConnector } from '../../define-connector.ts';

/** 学校名录: the education commission's list of schools, a monthly GBK CSV export. */
export default defineConnector({
  id: 'schools',
  names: { zh: '学校名录', en: 'School list' },
  department: 'Education Commission',
  domain: 'government-services',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_SCHOOLS_DIR',
    encoding: 'gbk',
    refreshSeconds: 3_600,
    files: { School: { file: '学校名录.csv' } },
  },
  timeoutMs: 3_000,
  catalogue: {
    School: {
      description: 'A school (kindergarten to senior high) with its identification code.',
      key: 'schoolCode',
      jurisdiction: 'streetCode',
      filters: ['stage', 'ownership', 'districtCode', 'streetCode'],
      fields: {
        schoolCode: { type: 'ID', from: '学校标识码', sharing: 'open', sensitivity: 'public', description: '10-digit school identification code (学校标识码).' },
        name: { type: 'String', from: '学校名称', sharing: 'open', sensitivity: 'public' },
        stage: { type: 'String', from: '办学类型', sharing: 'open', sensitivity: 'public', description: '幼儿园, 小学, 初中, 九年一贯制 or 高中.' },
        ownership: { type: 'String', from: '办别', sharing: 'open', sensitivity: 'public', description: '公办 (public) or 民办 (private).' },
        address: { type: 'String', from: '地址', sharing: 'open', sensitivity: 'public' },
        phone: { type: 'String', from: '联系电话', sharing: 'open', sensitivity: 'public', description: 'The school office line, published.' },
        enrolment: { type: 'Int', from: '在校生数', sharing: 'unconditional', sensitivity: 'internal', description: 'Pupils enrolled (在校生数).' },
        districtCode: { type: 'AdminCode', from: '所属区', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: '所属街道', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: '纬度', lng: '经度' }, sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'schools', target: 'School', by: 'streetCode', listSize: 4 },
    { kind: 'has', on: 'District', field: 'schools', target: 'School', by: 'districtCode', listSize: 21 },
  ],
});
