import { defineConnector } from '../../define-connector.ts';

/**
 * 疫情每日研判: the health commission's daily assessment of notifiable diseases per district,
 * exported every morning as a GBK CSV file.
 */
export default defineConnector({
  id: 'epidemic-daily',
  names: { zh: '疫情每日研判', en: 'Daily epidemic assessment' },
  department: 'Health Commission',
  domain: 'health',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_EPIDEMIC_DAILY_DIR',
    encoding: 'gbk',
    refreshSeconds: 3_600,
    files: { EpidemicDailyReport: { file: '疫情每日研判.csv' } },
  },
  timeoutMs: 3_000,
  catalogue: {
    EpidemicDailyReport: {
      description: 'One day of one notifiable disease in one district: new and active cases, and the risk assessment.',
      key: 'reportId',
      jurisdiction: 'districtCode',
      listField: 'epidemicDailyReports',
      filters: ['districtCode', 'disease', 'reportDate', 'riskLevel'],
      fields: {
        reportId: { type: 'ID', from: '报告编号', sharing: 'unconditional', sensitivity: 'internal' },
        reportDate: { type: 'String', from: '报告日期', sharing: 'unconditional', sensitivity: 'internal', description: 'YYYY-MM-DD.' },
        districtCode: { type: 'AdminCode', from: '区划代码', sharing: 'unconditional', sensitivity: 'internal' },
        disease: { type: 'String', from: '病种', sharing: 'unconditional', sensitivity: 'internal' },
        newCases: { type: 'Int', from: '新增病例', sharing: 'unconditional', sensitivity: 'sensitive' },
        activeCases: { type: 'Int', from: '现有病例', sharing: 'unconditional', sensitivity: 'sensitive' },
        clusters: { type: 'Int', from: '聚集性疫情', sharing: 'conditional', sensitivity: 'sensitive', description: 'Outbreak clusters under investigation.' },
        riskLevel: { type: 'String', from: '风险等级', sharing: 'unconditional', sensitivity: 'sensitive', description: '低, 中 or 高.' },
        assessment: { type: 'String', from: '研判意见', sharing: 'conditional', sensitivity: 'sensitive' },
      },
    },
  },
  links: [{ kind: 'has', on: 'District', field: 'epidemicDailyReports', target: 'EpidemicDailyReport', by: 'districtCode', listSize: 56 }],
});
