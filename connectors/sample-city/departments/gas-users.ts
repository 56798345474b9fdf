import { defineConnector } from '../../define-connector.ts';

/** 燃气用户与用气安全: the gas company's household accounts and their safety inspections. */
export default defineConnector({
  id: 'gas-users',
  names: { zh: '燃气用户与用气安全', en: 'Gas users' },
  department: 'Gas Company',
  domain: 'economy',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_GAS_USERS_DB', tables: { GasAccount: 'RQ_YHDA' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 300,
  catalogue: {
    GasAccount: {
      description: 'A household gas account (燃气户), its holder and the result of its latest safety inspection.',
      key: 'accountNo',
      jurisdiction: 'gridCode',
      filters: ['streetCode', 'communityCode', 'safetyStatus', 'personId'],
      fields: {
        accountNo: { type: 'ID', from: 'YHBH', sharing: 'unconditional', sensitivity: 'internal' },
        personId: { type: 'ID', from: 'HZBS', sharing: 'unconditional', sensitivity: 'internal', description: 'Keyed hash of the holder’s ID number.' },
        holderName: { type: 'String', from: 'HZXM', sharing: 'conditional', sensitivity: 'personal', mask: 'name' },
        phone: { type: 'String', from: 'LXDH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        address: { type: 'String', from: 'YQDZ', sharing: 'unconditional', sensitivity: 'personal', mask: 'address' },
        meterNo: { type: 'String', from: 'BJH', sharing: 'unconditional', sensitivity: 'internal' },
        gasType: { type: 'String', from: 'QZ', sharing: 'unconditional', sensitivity: 'internal', description: '管道天然气 or 液化石油气.' },
        lastInspection: { type: 'String', from: 'SCAJRQ', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'Date of the latest home safety inspection.' },
        safetyStatus: { type: 'String', from: 'AJJG', sharing: 'unconditional', sensitivity: 'internal', description: '合格, 存在隐患 or 已停气.' },
        alarmInstalled: { type: 'Boolean', from: 'BJQBZ', sharing: 'unconditional', sensitivity: 'internal', description: 'A gas leak alarm is fitted.' },
        monthlyM3: { type: 'Float', from: 'YJYQL', sharing: 'unconditional', sensitivity: 'personal', mask: 'redact', description: 'Average monthly use, m³ (reveals occupancy).' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Person', field: 'gasAccounts', target: 'GasAccount', by: 'personId', listSize: 1 },
    { kind: 'ref', on: 'GasAccount', field: 'holder', target: 'Person', from: 'personId' },
    { kind: 'has', on: 'Community', field: 'gasAccounts', target: 'GasAccount', by: 'communityCode', listSize: 23 },
  ],
});
