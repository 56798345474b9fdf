import { defineConnector } from '../../define-connector.ts';

/** 社保参保: human resources and social security's insurance enrolment records, one row per person and insurance. */
export default defineConnector({
  id: 'social-insurance',
  names: { zh: '社保参保', en: 'Social insurance enrolment' },
  department: 'Human Resources and Social Security',
  domain: 'government-services',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_SOCIAL_INSURANCE_DB', tables: { InsuranceRecord: 'SB_CBRY_XZXX' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 600,
  catalogue: {
    InsuranceRecord: {
      description: "One person's enrolment in one insurance (险种): pension, medical, unemployment, work injury or maternity.",
      key: 'recordId',
      jurisdiction: 'streetCode',
      filters: ['personId', 'insuranceTypeCode', 'scheme', 'status', 'employerCreditCode', 'streetCode'],
      fields: {
        recordId: { type: 'ID', from: 'CBBH', sharing: 'unconditional', sensitivity: 'internal', description: '参保编号.' },
        personId: { type: 'ID', from: 'RYBS', sharing: 'unconditional', sensitivity: 'internal' },
        insuranceTypeCode: { type: 'String', from: 'XZLX', sharing: 'unconditional', sensitivity: 'internal', description: '110 pension, 210 unemployment, 310 medical, 410 work injury, 510 maternity.' },
        insuranceType: { type: 'String', from: 'XZMC', sharing: 'unconditional', sensitivity: 'internal' },
        scheme: { type: 'String', from: 'CBLB', sharing: 'unconditional', sensitivity: 'internal', description: '职工 (employees) or 城乡居民 (residents).' },
        status: { type: 'String', from: 'CBZTMC', sharing: 'unconditional', sensitivity: 'internal', description: '参保缴费, 暂停缴费 or 待遇享受.' },
        employerCreditCode: { type: 'ID', from: 'DWTYSHXYDM', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'The paying employer; null for flexible employment (灵活就业) and residents.' },
        startDate: { type: 'String', from: 'CBRQ', sharing: 'unconditional', sensitivity: 'internal', description: 'First enrolment, YYYY-MM-DD.' },
        monthsPaid: { type: 'Int', from: 'LJJFYS', sharing: 'unconditional', sensitivity: 'internal', description: 'Months of contributions paid in total (累计缴费月数).' },
        contributionBase: { type: 'Float', from: 'JFJS', nullable: true, sharing: 'conditional', sensitivity: 'personal', mask: 'redact', description: 'Monthly contribution base in yuan (缴费基数): it reveals the wage.' },
        lastPaidMonth: { type: 'String', from: 'ZHJFNY', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'Last month paid (最后缴费年月), YYYYMM.' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'InsuranceRecord', field: 'person', target: 'Person', from: 'personId' },
    { kind: 'has', on: 'Person', field: 'insuranceRecords', target: 'InsuranceRecord', by: 'personId', listSize: 5 },
    { kind: 'ref', on: 'InsuranceRecord', field: 'employer', target: 'Enterprise', from: 'employerCreditCode' },
    { kind: 'has', on: 'Enterprise', field: 'insuranceRecords', target: 'InsuranceRecord', by: 'employerCreditCode', listSize: 70 },
  ],
});
