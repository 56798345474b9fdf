import { defineConnector } from '../../define-connector.ts';

/** 市场主体登记: market regulation's register of enterprises, keyed by the unified social credit code. */
export default defineConnector({
  id: 'business-registry',
  names: { zh: '市场主体登记', en: 'Business registry' },
  department: 'Market Regulation',
  domain: 'government-services',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_BUSINESS_REGISTRY_URL',
    namespace: 'http://scjg.example.gov.cn/qydj',
    operations: {
      Enterprise: {
        operation: 'QueryQyjbxx',
        soapAction: 'http://scjg.example.gov.cn/qydj/QueryQyjbxx',
        requestElement: 'QueryQyjbxxRequest',
        params: { creditCode: 'tyshxydm', streetCode: 'jddm', districtCode: 'qxdm', industry: 'hylb', status: 'djzt', legalRepresentativeId: 'fddbrbs' },
        withinParam: 'xzqhdm',
        rowsPath: 'QueryQyjbxxResponse.return.qyxx',
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    Enterprise: {
      description: 'A registered market entity (市场主体), keyed by its 18-character unified social credit code.',
      key: 'creditCode',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'districtCode', 'industry', 'status', 'legalRepresentativeId'],
      fields: {
        creditCode: { type: 'ID', from: 'tyshxydm', sharing: 'open', sensitivity: 'public', description: '统一社会信用代码 (GB 32100-2015).' },
        name: { type: 'String', from: 'qymc', sharing: 'open', sensitivity: 'public' },
        industry: { type: 'String', from: 'hylb', sharing: 'open', sensitivity: 'public', description: 'construction, transport, manufacturing, catering, retail or services.' },
        enterpriseType: { type: 'String', from: 'qylx', sharing: 'open', sensitivity: 'public', description: '有限责任公司 and the like.' },
        status: { type: 'String', from: 'djzt', sharing: 'open', sensitivity: 'public', description: '存续, 在业, 吊销 or 注销.' },
        registeredCapital: { type: 'Float', from: 'zczb', sharing: 'open', sensitivity: 'public', description: 'Registered capital, in ten thousand yuan (万元).' },
        registeredAt: { type: 'String', from: 'clrq', sharing: 'open', sensitivity: 'public', description: 'Date of establishment (成立日期), YYYY-MM-DD.' },
        address: { type: 'String', from: 'zs', sharing: 'open', sensitivity: 'public', description: 'Registered address (住所).' },
        legalRepresentativeName: { type: 'String', from: 'fddbr', sharing: 'open', sensitivity: 'public', description: 'Published in the enterprise credit information system (公示).' },
        legalRepresentativeId: { type: 'ID', from: 'fddbrbs', sharing: 'unconditional', sensitivity: 'internal', description: 'The personId of the legal representative.' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'Enterprise', field: 'legalRepresentative', target: 'Person', from: 'legalRepresentativeId' },
    { kind: 'has', on: 'Person', field: 'representedEnterprises', target: 'Enterprise', by: 'legalRepresentativeId', listSize: 2 },
    { kind: 'has', on: 'Street', field: 'enterprises', target: 'Enterprise', by: 'streetCode', listSize: 8 },
    { kind: 'has', on: 'District', field: 'enterprises', target: 'Enterprise', by: 'districtCode', listSize: 48 },
    { kind: 'ref', on: 'Enterprise', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
