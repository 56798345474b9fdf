import { defineConnector } from '../../define-connector.ts';

/** 政务服务事项: the big data centre's list of government services, as each district implements them. */
export default defineConnector({
  id: 'service-catalogue',
  names: { zh: '政务服务事项', en: 'Government service catalogue' },
  department: 'Big Data Centre',
  domain: 'government-services',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_SERVICE_CATALOGUE_URL',
    resources: {
      ServiceItem: {
        path: '/zwfw/api/sxml/page',
        itemsPath: 'result.list',
        params: { implementationCode: 'ssbm', serviceCode: 'sxbm', districtCode: 'qhdm', category: 'sxlx' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'pageIndex', sizeParam: 'pageSize', pageSize: 200, totalPath: 'result.totalCount' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    ServiceItem: {
      description: "A government service (政务服务事项) as one district implements it (实施清单).",
      key: 'implementationCode',
      jurisdiction: 'districtCode',
      filters: ['serviceCode', 'districtCode', 'category', 'secondsApproval'],
      fields: {
        implementationCode: { type: 'ID', from: 'ssbm', sharing: 'open', sensitivity: 'public', description: 'Implementation code (实施编码).' },
        serviceCode: { type: 'String', from: 'sxbm', sharing: 'open', sensitivity: 'public', description: 'The city-wide item code (事项编码).' },
        name: { type: 'String', from: 'sxmc', sharing: 'open', sensitivity: 'public' },
        department: { type: 'String', from: 'ssbmmc', sharing: 'open', sensitivity: 'public', description: 'The department that decides.' },
        category: { type: 'String', from: 'sxlx', sharing: 'open', sensitivity: 'public', description: '行政许可, 行政确认, 行政给付 or 公共服务.' },
        legalDays: { type: 'Int', from: 'fdsx', sharing: 'open', sensitivity: 'public', description: 'Statutory time limit in working days (法定时限).' },
        promisedDays: { type: 'Int', from: 'cnsx', sharing: 'open', sensitivity: 'public', description: 'Promised time limit in working days (承诺时限).' },
        secondsApproval: { type: 'Boolean', from: 'sfmp', sharing: 'open', sensitivity: 'public', description: 'Approved in seconds (秒批) from departments\u2019 data.' },
        verifiedAgainst: { type: 'String', from: 'hcsj', nullable: true, sharing: 'open', sensitivity: 'public', description: 'Comma-separated connector ids a seconds approval verifies against (核查数据源).' },
        materials: { type: 'Int', from: 'clsl', sharing: 'open', sensitivity: 'public', description: 'Materials the applicant must still submit (申请材料数).' },
        districtCode: { type: 'AdminCode', from: 'qhdm', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [{ kind: 'has', on: 'District', field: 'serviceItems', target: 'ServiceItem', by: 'districtCode', listSize: 16 }],
});
