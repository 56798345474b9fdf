import { defineConnector } from '../../define-connector.ts';

/**
 * 街道环境卫生测评: the monthly third-party assessment of every street's cleanliness, dropped
 * as GBK CSV files with Chinese headers, with the assessor's district roll-up beside it.
 */
export default defineConnector({
  id: 'sanitation-ratings',
  names: { zh: '街道环境卫生测评', en: 'Street sanitation ratings' },
  department: 'Sanitation Authority',
  domain: 'sanitation',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_SANITATION_RATINGS_DIR',
    encoding: 'gbk',
    refreshSeconds: 3_600,
    files: { SanitationRating: { file: '街道环境卫生测评.csv' }, DistrictSanitationScore: { file: '区环境卫生测评汇总.csv' } },
  },
  timeoutMs: 2_000,
  catalogue: {
    SanitationRating: {
      description: 'One street’s monthly sanitation assessment (0 to 100), by an independent assessor.',
      key: 'ratingId',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'districtCode', 'month'],
      fields: {
        ratingId: { type: 'ID', from: '测评编号', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: '街道代码', sharing: 'open', sensitivity: 'public' },
        streetName: { type: 'String', from: '街道名称', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: '区代码', sharing: 'open', sensitivity: 'public' },
        month: { type: 'String', from: '测评月份', sharing: 'open', sensitivity: 'public', description: 'YYYY-MM.' },
        score: { type: 'Float', from: '综合得分', sharing: 'open', sensitivity: 'public' },
        roadCleaning: { type: 'Float', from: '道路保洁得分', sharing: 'open', sensitivity: 'public' },
        wasteCollection: { type: 'Float', from: '垃圾清运得分', sharing: 'open', sensitivity: 'public' },
        publicToilets: { type: 'Float', from: '公厕保洁得分', sharing: 'open', sensitivity: 'public' },
        rankInDistrict: { type: 'Int', from: '区内排名', sharing: 'open', sensitivity: 'public' },
        assessor: { type: 'String', from: '测评机构', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    DistrictSanitationScore: {
      description: 'The assessor’s roll-up of one district for the latest month: the mean of its streets’ scores.',
      key: 'districtCode',
      jurisdiction: 'districtCode',
      fields: {
        districtCode: { type: 'AdminCode', from: '区代码', sharing: 'open', sensitivity: 'public' },
        month: { type: 'String', from: '测评月份', sharing: 'open', sensitivity: 'public' },
        averageScore: { type: 'Float', from: '平均得分', sharing: 'open', sensitivity: 'public' },
        ratedStreets: { type: 'Int', from: '测评街道数', sharing: 'open', sensitivity: 'public' },
        passingStreets: { type: 'Int', from: '达标街道数', sharing: 'open', sensitivity: 'public', description: 'Streets scoring 85 or more.' },
        passRate: { type: 'Float', from: '达标率', sharing: 'open', sensitivity: 'public', description: 'Passing streets, percent of rated.' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'sanitationRatings', target: 'SanitationRating', by: 'streetCode', listSize: 10 },
    { kind: 'has', on: 'District', field: 'sanitationScore', target: 'DistrictSanitationScore', by: 'districtCode', list: false },
    { kind: 'ref', on: 'SanitationRating', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
