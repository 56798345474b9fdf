import { defineConnector } from '../../define-connector.ts';

/** 食品安全检查: market regulation's food-safety inspections of restaurants and shops. */
export default defineConnector({
  id: 'food-safety',
  names: { zh: '食品安全检查', en: 'Food-safety inspections' },
  department: 'Market Regulation',
  domain: 'health',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_FOOD_SAFETY_URL',
    namespace: 'http://scjg.sh.gov.cn/spaq/jcxx',
    soapVersion: '1.2',
    operations: {
      FoodInspection: {
        operation: 'CxJcjl',
        soapAction: 'http://scjg.sh.gov.cn/spaq/jcxx/CxJcjl',
        requestElement: 'CxJcjlQingqiu',
        params: { inspectionId: 'JCBH', creditCode: 'TYSHXYDM', streetCode: 'JDDM' },
        listSeparator: ',',
        withinParam: 'XZQHDM',
        rowsPath: 'CxJcjlXiangying.JcjlLb.Jcjl',
      },
    },
  },
  timeoutMs: 4_000,
  cacheTtlSeconds: 900,
  catalogue: {
    FoodInspection: {
      description: 'One food-safety inspection of a catering or retail business (食品安全监督检查).',
      key: 'inspectionId',
      jurisdiction: 'streetCode',
      filters: ['creditCode', 'streetCode', 'result'],
      fields: {
        inspectionId: { type: 'ID', from: 'JCBH', sharing: 'unconditional', sensitivity: 'internal' },
        creditCode: { type: 'ID', from: 'TYSHXYDM', sharing: 'open', sensitivity: 'public' },
        businessName: { type: 'String', from: 'QYMC', sharing: 'open', sensitivity: 'public' },
        inspectedOn: { type: 'String', from: 'JCRQ', sharing: 'open', sensitivity: 'public', description: 'YYYY-MM-DD.' },
        result: { type: 'String', from: 'JCJG', sharing: 'open', sensitivity: 'public', description: '符合, 基本符合 or 不符合 (published as the 量化分级 smiley).' },
        score: { type: 'Int', from: 'DF', sharing: 'unconditional', sensitivity: 'internal' },
        findings: { type: 'String', from: 'WTMS', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        rectifyBy: { type: 'String', from: 'ZGQX', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        inspectorName: { type: 'String', from: 'JCRY', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'FoodInspection', field: 'enterprise', target: 'Enterprise', from: 'creditCode' },
    { kind: 'has', on: 'Enterprise', field: 'foodInspections', target: 'FoodInspection', by: 'creditCode', listSize: 3 },
    { kind: 'has', on: 'Street', field: 'foodInspections', target: 'FoodInspection', by: 'streetCode', listSize: 11 },
  ],
});
