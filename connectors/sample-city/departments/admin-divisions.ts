import { defineConnector } from '../../define-connector.ts';

/** 行政区划: the city's districts, streets and communities (Civil Affairs Bureau). */
export default defineConnector({
  id: 'admin-divisions',
  names: { zh: '行政区划', en: 'Administrative divisions' },
  department: 'Civil Affairs Bureau',
  domain: 'geography',
  source: {
    kind: 'sql',
    endpointEnv: 'CITYHUB_ADMIN_DIVISIONS_DB',
    tables: { District: 'T_XZQH_QX', Street: 'T_XZQH_JD', Community: 'T_XZQH_SQ' },
  },
  timeoutMs: 2_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    District: {
      description: 'A district (区) of the city.',
      key: 'code',
      jurisdiction: 'code',
      fields: {
        code: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'QXMC', sharing: 'open', sensitivity: 'public', description: 'Chinese name, such as 静安区.' },
        nameEn: { type: 'String', from: 'QXMC_YW', sharing: 'open', sensitivity: 'public' },
        centre: { type: 'GeoPoint', from: { lat: 'ZXWD', lng: 'ZXJD' }, sharing: 'open', sensitivity: 'public' },
        population: { type: 'Int', from: 'CZRK', sharing: 'unconditional', sensitivity: 'internal', description: 'Registered residents.' },
      },
    },
    Street: {
      description: 'A street (街道), the level below a district.',
      key: 'code',
      jurisdiction: 'code',
      filters: ['districtCode'],
      fields: {
        code: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'JDMC', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'SSQX_DM', sharing: 'open', sensitivity: 'public' },
        centre: { type: 'GeoPoint', from: { lat: 'ZXWD', lng: 'ZXJD' }, sharing: 'open', sensitivity: 'public' },
      },
    },
    Community: {
      description: 'A community (社区居委会), the level below a street.',
      key: 'code',
      jurisdiction: 'code',
      listField: 'communities',
      filters: ['streetCode'],
      fields: {
        code: { type: 'AdminCode', from: 'SQDM', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'SQMC', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'SSJD_DM', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'District', field: 'streets', target: 'Street', by: 'districtCode', listSize: 6 },
    { kind: 'has', on: 'Street', field: 'communities', target: 'Community', by: 'streetCode', listSize: 4 },
    { kind: 'ref', on: 'Street', field: 'district', target: 'District', from: 'districtCode' },
    { kind: 'ref', on: 'Community', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
