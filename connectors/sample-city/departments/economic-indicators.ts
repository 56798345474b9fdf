import { defineConnector } from '../../define-connector.ts';

/** 经济运行指标: the statistics bureau's monthly indicators per district, a GBK CSV export. */
export default defineConnector({
  id: 'economic-indicators',
  names: { zh: '经济运行指标', en: 'Economic indicators' },
  department: 'Statistics Bureau',
  domain: 'economy',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_ECONOMIC_INDICATORS_DIR',
    encoding: 'gbk',
    refreshSeconds: 86_400,
    files: { EconomicIndicator: { file: '区经济运行月度指标.csv' } },
  },
  timeoutMs: 2_000,
  catalogue: {
    EconomicIndicator: {
      description: 'One monthly indicator of one district (cumulative since January), before its public release.',
      key: 'indicatorId',
      jurisdiction: 'districtCode',
      filters: ['districtCode', 'indicatorCode', 'month'],
      fields: {
        indicatorId: { type: 'ID', from: '指标编号', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: '区划代码', sharing: 'unconditional', sensitivity: 'internal' },
        month: { type: 'String', from: '统计月份', sharing: 'unconditional', sensitivity: 'internal', description: 'YYYY-MM.' },
        indicatorCode: { type: 'String', from: '指标代码', sharing: 'unconditional', sensitivity: 'internal', description: 'GYZCZ, SHXFPLS, GDZCTZ, YBGGYSSR or SYL.' },
        indicatorName: { type: 'String', from: '指标名称', sharing: 'unconditional', sensitivity: 'internal' },
        value: { type: 'Float', from: '本月累计值', sharing: 'unconditional', sensitivity: 'internal' },
        unit: { type: 'String', from: '计量单位', sharing: 'unconditional', sensitivity: 'internal' },
        growthPercent: { type: 'Float', from: '同比增长', sharing: 'unconditional', sensitivity: 'internal', description: 'Year-on-year change, percent.' },
      },
    },
  },
  links: [{ kind: 'has', on: 'District', field: 'economicIndicators', target: 'EconomicIndicator', by: 'districtCode', listSize: 50 }],
});
