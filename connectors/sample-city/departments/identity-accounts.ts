import { defineConnector } from '../../define-connector.ts';

/** 统一身份认证: the big data centre's real-name accounts of citizens (一网通办 login). */
export default defineConnector({
  id: 'identity-accounts',
  names: { zh: '统一身份认证', en: 'Unified identity accounts' },
  department: 'Big Data Centre',
  domain: 'government-services',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_IDENTITY_ACCOUNTS_URL',
    headersFromEnv: { authorization: 'CITYHUB_IDENTITY_ACCOUNTS_TOKEN' },
    resources: {
      CitizenAccount: {
        path: '/uias/admin/v2/users/page',
        itemsPath: 'data.records',
        params: { accountId: 'userId', personId: 'identityHash', streetCode: 'streetCode', communityCode: 'communityCode', realNameLevel: 'authLevel' },
        withinParam: 'areaCode',
        pagination: { style: 'page', pageParam: 'current', sizeParam: 'size', pageSize: 100, totalPath: 'data.total' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 300,
  catalogue: {
    CitizenAccount: {
      description: "A citizen's real-name account on the unified identity platform.",
      key: 'accountId',
      jurisdiction: 'communityCode',
      filters: ['personId', 'streetCode', 'communityCode', 'realNameLevel', 'status'],
      fields: {
        accountId: { type: 'ID', from: 'userId', sharing: 'unconditional', sensitivity: 'internal' },
        personId: { type: 'ID', from: 'userIdentityHash', sharing: 'unconditional', sensitivity: 'internal' },
        mobile: { type: 'String', from: 'mobile', sharing: 'conditional', sensitivity: 'personal', mask: 'phone', description: 'The login mobile number.' },
        realNameLevel: { type: 'String', from: 'authLevel', sharing: 'unconditional', sensitivity: 'internal', description: 'Assurance level: L1 (mobile), L2 (population registry), L3 (face).' },
        authMethod: { type: 'String', from: 'authType', sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'userStatus', sharing: 'unconditional', sensitivity: 'internal', description: '正常 or 冻结.' },
        registeredAt: { type: 'DateTime', from: 'gmtCreate', sharing: 'unconditional', sensitivity: 'internal' },
        lastLoginAt: { type: 'DateTime', from: 'lastLoginTime', sharing: 'conditional', sensitivity: 'personal', mask: 'redact', description: 'When the citizen last signed in: a trace of their activity.' },
        streetCode: { type: 'AdminCode', from: 'streetCode', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'communityCode', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Person', field: 'citizenAccount', target: 'CitizenAccount', by: 'personId', list: false },
    { kind: 'ref', on: 'CitizenAccount', field: 'person', target: 'Person', from: 'personId' },
  ],
});
