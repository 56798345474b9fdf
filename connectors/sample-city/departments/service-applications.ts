import { defineConnector } from '../../define-connector.ts';

/** 办件记录: the big data centre's record of every application for a government service (一网通办). */
export default defineConnector({
  id: 'service-applications',
  names: { zh: '办件记录', en: 'Service applications' },
  department: 'Big Data Centre',
  domain: 'government-services',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_SERVICE_APPLICATIONS_DB', tables: { ServiceApplication: 'ZWFW_BJ_JBXX' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 30,
  catalogue: {
    ServiceApplication: {
      description: 'One application (办件) for a government service, with its applicant and outcome.',
      key: 'applicationId',
      jurisdiction: 'streetCode',
      filters: ['implementationCode', 'applicantPersonId', 'status', 'secondsApproval', 'streetCode', 'districtCode'],
      fields: {
        applicationId: { type: 'ID', from: 'BJBH', sharing: 'unconditional', sensitivity: 'internal', description: '办件编号.' },
        implementationCode: { type: 'ID', from: 'SSBM', sharing: 'unconditional', sensitivity: 'internal', description: 'The service applied for (实施编码).' },
        serviceName: { type: 'String', from: 'SXMC', sharing: 'unconditional', sensitivity: 'internal' },
        applicantPersonId: { type: 'ID', from: 'SQRBS', sharing: 'unconditional', sensitivity: 'internal' },
        applicantName: { type: 'String', from: 'SQRXM', sharing: 'conditional', sensitivity: 'personal', mask: 'name' },
        applicantPhone: { type: 'String', from: 'SQRLXDH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        channel: { type: 'String', from: 'SQQD', sharing: 'unconditional', sensitivity: 'internal', description: '随申办APP, 一网通办PC端 or the service centre window.' },
        status: { type: 'String', from: 'BJZT', sharing: 'unconditional', sensitivity: 'internal', description: '已受理, 审批中, 已办结 or 不予受理.' },
        decision: { type: 'String', from: 'BJJG', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: '准予 or 不予 once decided.' },
        secondsApproval: { type: 'Boolean', from: 'SFMP', sharing: 'unconditional', sensitivity: 'internal', description: 'Decided by seconds approval (秒批).' },
        submittedAt: { type: 'DateTime', from: 'SQSJ', sharing: 'unconditional', sensitivity: 'internal' },
        completedAt: { type: 'DateTime', from: 'BJSJ', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'SLJDDM', sharing: 'unconditional', sensitivity: 'internal', description: 'The street whose service centre accepted it.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'ServiceApplication', field: 'applicant', target: 'Person', from: 'applicantPersonId' },
    { kind: 'has', on: 'Person', field: 'serviceApplications', target: 'ServiceApplication', by: 'applicantPersonId', listSize: 1 },
    { kind: 'ref', on: 'ServiceApplication', field: 'service', target: 'ServiceItem', from: 'implementationCode', targetKey: 'implementationCode' },
    { kind: 'has', on: 'ServiceItem', onKey: 'implementationCode', field: 'applications', target: 'ServiceApplication', by: 'implementationCode', listSize: 15 },
    { kind: 'has', on: 'Street', field: 'serviceApplications', target: 'ServiceApplication', by: 'streetCode', listSize: 28 },
  ],
});
