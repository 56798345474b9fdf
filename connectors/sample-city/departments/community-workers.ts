import { defineConnector } from '../../define-connector.ts';

/**
 * 社区工作人员与上门核实: civil affairs' community workers and the home visits (上门核实) they are
 * dispatched to when a home sensor of an elder living alone raises an alarm, from a legacy
 * paged REST API.
 */
export default defineConnector({
  id: 'community-workers',
  names: { zh: '社区工作人员与上门核实', en: 'Community workers' },
  department: 'Civil Affairs Bureau',
  domain: 'civil-affairs',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_COMMUNITY_WORKERS_URL',
    headersFromEnv: { 'x-api-key': 'CITYHUB_COMMUNITY_WORKERS_KEY' },
    resources: {
      CommunityWorker: {
        path: '/api/v1/gzry/list',
        itemsPath: 'data.rows',
        params: { workerId: 'ryid', streetCode: 'jddm', communityCode: 'sqdm' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'pageNo', sizeParam: 'pageSize', pageSize: 500, totalPath: 'data.total' },
      },
      HomeVisit: {
        path: '/api/v1/smhs/list',
        itemsPath: 'data.rows',
        params: { visitId: 'hsid', alarmId: 'bjbh', workerId: 'ryid', personId: 'rybs', streetCode: 'jddm' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'pageNo', sizeParam: 'pageSize', pageSize: 500, totalPath: 'data.total' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 300,
  catalogue: {
    CommunityWorker: {
      description: 'A community worker who visits residents at home.',
      key: 'workerId',
      jurisdiction: 'communityCode',
      filters: ['streetCode', 'communityCode', 'onDuty'],
      fields: {
        workerId: { type: 'ID', from: 'RYID', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'RY_XM', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
        phone: { type: 'String', from: 'LXDH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        role: { type: 'String', from: 'GW_MC', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'SSJD_DM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SSSQ_DM', sharing: 'unconditional', sensitivity: 'internal' },
        onDuty: { type: 'Boolean', from: 'ZG_BZ', sharing: 'unconditional', sensitivity: 'internal', description: 'On duty today (在岗).' },
      },
    },
    HomeVisit: {
      description: 'The home visit (上门核实) of the community worker dispatched to a home-sensor alarm, with its result.',
      key: 'visitId',
      jurisdiction: 'gridCode',
      filters: ['alarmId', 'workerId', 'personId', 'streetCode', 'communityCode'],
      fields: {
        visitId: { type: 'ID', from: 'HSID', sharing: 'unconditional', sensitivity: 'internal' },
        alarmId: { type: 'ID', from: 'BJBH', sharing: 'unconditional', sensitivity: 'internal', description: 'The home-sensor alarm the worker was dispatched to.' },
        personId: { type: 'ID', from: 'LNRBS', sharing: 'unconditional', sensitivity: 'internal', description: 'The elder visited.' },
        workerId: { type: 'ID', from: 'RYID', sharing: 'unconditional', sensitivity: 'internal' },
        dispatchedAt: { type: 'DateTime', from: 'PDSJ', sharing: 'unconditional', sensitivity: 'internal' },
        arrivedAt: { type: 'DateTime', from: 'DDSJ', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'Null while the worker is on the way.' },
        outcome: {
          type: 'String', from: 'CZJG', nullable: true, sharing: 'unconditional', sensitivity: 'internal',
          description: '老人安好, 已送医, 已处置隐患 or 误报; null until the visit is done.',
        },
        notes: {
          type: 'String', from: 'HSQK', nullable: true, sharing: 'conditional', sensitivity: 'personal', mask: 'redact',
          description: "What the worker found (the elder's health and home); null until the visit is done.",
        },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'communityWorkers', target: 'CommunityWorker', by: 'streetCode', listSize: 8 },
    { kind: 'has', on: 'Community', field: 'communityWorkers', target: 'CommunityWorker', by: 'communityCode', listSize: 2 },
    { kind: 'ref', on: 'HomeVisit', field: 'worker', target: 'CommunityWorker', from: 'workerId' },
    { kind: 'has', on: 'CommunityWorker', field: 'homeVisits', target: 'HomeVisit', by: 'workerId', listSize: 4 },
    { kind: 'has', on: 'SensorAlarm', onKey: 'alarmId', field: 'homeVisit', target: 'HomeVisit', by: 'alarmId', list: false },
    { kind: 'ref', on: 'HomeVisit', field: 'alarm', target: 'SensorAlarm', from: 'alarmId', targetKey: 'alarmId' },
    { kind: 'has', on: 'ElderlyResident', onKey: 'personId', field: 'homeVisits', target: 'HomeVisit', by: 'personId', listSize: 1 },
  ],
});
