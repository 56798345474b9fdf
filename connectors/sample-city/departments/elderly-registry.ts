import { defineConnector } from '../../define-connector.ts';

/** 独居老人登记: elderly residents registered by civil affairs, many living alone. */
export default defineConnector({
  id: 'elderly-registry',
  names: { zh: '独居老人登记', en: 'Elderly registry' },
  department: 'Civil Affairs Bureau',
  domain: 'civil-affairs',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_ELDERLY_REGISTRY_DB', tables: { ElderlyResident: 'T_MZ_LNR_DJ' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 60,
  catalogue: {
    ElderlyResident: {
      description: 'An elderly resident registered by civil affairs.',
      key: 'personId',
      jurisdiction: 'gridCode',
      filters: ['streetCode', 'communityCode', 'livesAlone', 'careLevel'],
      fields: {
        personId: { type: 'ID', from: 'RYBS', sharing: 'unconditional', sensitivity: 'internal', description: 'Keyed hash of the resident ID number.' },
        name: { type: 'String', from: 'XM', sharing: 'conditional', sensitivity: 'personal', mask: 'name' },
        idNumber: { type: 'String', from: 'SFZH', sharing: 'conditional', sensitivity: 'personal', mask: 'idNumber' },
        gender: { type: 'String', from: 'XB', sharing: 'unconditional', sensitivity: 'internal' },
        birthDate: { type: 'String', from: 'CSRQ', sharing: 'conditional', sensitivity: 'personal', mask: 'redact' },
        phone: { type: 'String', from: 'LXDH', nullable: true, sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        address: { type: 'String', from: 'JZDZ', sharing: 'conditional', sensitivity: 'personal', mask: 'address' },
        livesAlone: { type: 'Boolean', from: 'SFDJ', sharing: 'unconditional', sensitivity: 'internal' },
        careLevel: { type: 'Int', from: 'HLDJ', sharing: 'unconditional', sensitivity: 'internal', description: '1 (independent) to 3 (needs daily care).' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
        assignedWorkerId: { type: 'ID', from: 'ZRGZRY', sharing: 'unconditional', sensitivity: 'internal' },
        registeredAt: { type: 'DateTime', from: 'DJSJ', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'elderlyResidents', target: 'ElderlyResident', by: 'streetCode', listSize: 35 },
    { kind: 'has', on: 'Community', field: 'elderlyResidents', target: 'ElderlyResident', by: 'communityCode', listSize: 12 },
    { kind: 'ref', on: 'ElderlyResident', field: 'assignedWorker', target: 'CommunityWorker', from: 'assignedWorkerId', targetKey: 'workerId' },
    // population-registry owns Person; these merge with its fields once it is composed.
    { kind: 'ref', on: 'ElderlyResident', field: 'person', target: 'Person', from: 'personId' },
    { kind: 'has', on: 'Person', field: 'elderlyRegistration', target: 'ElderlyResident', by: 'personId', list: false },
  ],
});
