import { defineConnector } from '../../define-connector.ts';

/** 社会救助: civil affairs' assistance cases (minimum living allowance, extreme poverty, temporary and medical aid). */
export default defineConnector({
  id: 'social-assistance',
  names: { zh: '社会救助', en: 'Social assistance' },
  department: 'Civil Affairs Bureau',
  domain: 'civil-affairs',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_SOCIAL_ASSISTANCE_DB', tables: { AssistanceCase: 'T_MZ_SHJZ_AJXX' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 300,
  catalogue: {
    AssistanceCase: {
      description: 'A social-assistance case (社会救助): who receives which aid, how much, since when.',
      key: 'caseId',
      jurisdiction: 'gridCode',
      filters: ['personId', 'kind', 'status', 'streetCode', 'communityCode'],
      fields: {
        caseId: { type: 'ID', from: 'AJBH', sharing: 'unconditional', sensitivity: 'internal' },
        personId: { type: 'ID', from: 'RYBS', sharing: 'unconditional', sensitivity: 'internal', description: 'The recipient.' },
        kind: { type: 'String', from: 'JZLX', sharing: 'conditional', sensitivity: 'personal', mask: 'redact', description: '低保, 特困供养, 临时救助 or 医疗救助: reveals the household\'s means.' },
        monthlyAmountYuan: { type: 'Float', from: 'YJZJE', sharing: 'conditional', sensitivity: 'personal', mask: 'redact' },
        householdSize: { type: 'Int', from: 'JTRKS', sharing: 'conditional', sensitivity: 'personal', mask: 'redact' },
        status: { type: 'String', from: 'AJZT', sharing: 'unconditional', sensitivity: 'internal', description: '在保, 审核中 or 已停保.' },
        appliedOn: { type: 'String', from: 'SQRQ', sharing: 'unconditional', sensitivity: 'internal', description: 'Date of application, YYYY-MM-DD.' },
        approvedAt: { type: 'DateTime', from: 'SPSJ', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        handlerWorkerId: { type: 'ID', from: 'JBRY', sharing: 'unconditional', sensitivity: 'internal', description: 'The community worker handling the case.' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'AssistanceCase', field: 'person', target: 'Person', from: 'personId' },
    { kind: 'has', on: 'Person', field: 'assistanceCases', target: 'AssistanceCase', by: 'personId', listSize: 1 },
    { kind: 'has', on: 'ElderlyResident', onKey: 'personId', field: 'assistanceCases', target: 'AssistanceCase', by: 'personId', listSize: 1 },
    { kind: 'ref', on: 'AssistanceCase', field: 'handler', target: 'CommunityWorker', from: 'handlerWorkerId', targetKey: 'workerId' },
    { kind: 'has', on: 'Community', field: 'assistanceCases', target: 'AssistanceCase', by: 'communityCode', listSize: 5 },
  ],
});
