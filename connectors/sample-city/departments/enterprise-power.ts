import { defineConnector } from '../../define-connector.ts';

/**
 * 企业用电: the power grid company's monthly consumption of business accounts, from its legacy
 * REST API (paged); each account belongs to an enterprise, so it extends `Enterprise`.
 */
export default defineConnector({
  id: 'enterprise-power',
  names: { zh: '企业用电', en: 'Enterprise power consumption' },
  department: 'Power Grid Company',
  domain: 'economy',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_ENTERPRISE_POWER_URL',
    headersFromEnv: { 'x-app-key': 'CITYHUB_ENTERPRISE_POWER_KEY' },
    resources: {
      PowerConsumption: {
        path: '/sgcc/open/v2/qyyd',
        itemsPath: 'body.items',
        params: { consumptionId: 'id', creditCode: 'uscc', streetCode: 'street', month: 'ym' },
        withinParam: 'area',
        pagination: { style: 'page', pageParam: 'page', sizeParam: 'rows', pageSize: 1_000, totalPath: 'body.count' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    PowerConsumption: {
      description: 'One month’s electricity consumption of an enterprise’s account (a leading indicator of activity).',
      key: 'consumptionId',
      jurisdiction: 'streetCode',
      filters: ['creditCode', 'streetCode', 'month'],
      fields: {
        consumptionId: { type: 'ID', from: 'ID', sharing: 'unconditional', sensitivity: 'internal' },
        accountNo: { type: 'String', from: 'HH', sharing: 'unconditional', sensitivity: 'internal', description: 'The power account (户号).' },
        creditCode: { type: 'ID', from: 'TYSHXYDM', sharing: 'unconditional', sensitivity: 'internal' },
        month: { type: 'String', from: 'TJYF', sharing: 'unconditional', sensitivity: 'internal', description: 'YYYY-MM.' },
        kwh: { type: 'Float', from: 'YDL', sharing: 'unconditional', sensitivity: 'internal', description: 'Consumption, kWh.' },
        peakKwh: { type: 'Float', from: 'FSYDL', sharing: 'unconditional', sensitivity: 'internal', description: 'Of which at peak hours.' },
        growthPercent: { type: 'Float', from: 'TBZZ', sharing: 'unconditional', sensitivity: 'internal', description: 'Year-on-year change, percent.' },
        contractKva: { type: 'Int', from: 'HTRL', sharing: 'conditional', sensitivity: 'sensitive', description: 'Contracted capacity: a commercial secret of the customer.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Enterprise', field: 'powerConsumption', target: 'PowerConsumption', by: 'creditCode', listSize: 3 },
    { kind: 'ref', on: 'PowerConsumption', field: 'enterprise', target: 'Enterprise', from: 'creditCode' },
  ],
});
