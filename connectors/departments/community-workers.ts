import { defineConnector } from '../sdk/define-connector.ts';

/** 社区工作人员: civil affairs' community workers, from a legacy paged REST API. */
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
  },
  links: [
    { kind: 'has', on: 'Street', field: 'communityWorkers', target: 'CommunityWorker', by: 'streetCode' },
    { kind: 'has', on: 'Community', field: 'communityWorkers', target: 'CommunityWorker', by: 'communityCode' },
  ],
});
