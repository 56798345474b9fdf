import { defineConnector } from '../../define-connector.ts';

/** 户外广告招牌: the greening and city appearance bureau's permits of outdoor signboards, by building. */
export default defineConnector({
  id: 'signboards',
  names: { zh: '户外广告招牌', en: 'Outdoor signboards' },
  department: 'Greening and City Appearance Bureau',
  domain: 'city-management',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_SIGNBOARDS_DB', tables: { Signboard: 'T_LHSR_ZP' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 600,
  catalogue: {
    Signboard: {
      description: 'A permitted outdoor signboard or advertisement on a building.',
      key: 'signboardId',
      jurisdiction: 'gridCode',
      filters: ['buildingId', 'kind', 'safetyState', 'streetCode', 'ownerCreditCode'],
      fields: {
        signboardId: { type: 'ID', from: 'ZPBH', sharing: 'open', sensitivity: 'public' },
        buildingId: { type: 'ID', from: 'JZBH', sharing: 'open', sensitivity: 'public' },
        kind: { type: 'String', from: 'ZPLX', sharing: 'open', sensitivity: 'public', description: '店招, 屋顶广告 or 墙面广告.' },
        text: { type: 'String', from: 'ZPNR', sharing: 'open', sensitivity: 'public' },
        areaM2: { type: 'Float', from: 'MJ', sharing: 'open', sensitivity: 'public' },
        ownerCreditCode: { type: 'ID', from: 'SZDW_TYDM', sharing: 'open', sensitivity: 'public' },
        permitNo: { type: 'String', from: 'XKZH', sharing: 'open', sensitivity: 'public' },
        permitExpiresOn: { type: 'String', from: 'YXQZ', sharing: 'open', sensitivity: 'public' },
        lastInspectedOn: { type: 'String', from: 'AQJCRQ', sharing: 'unconditional', sensitivity: 'internal' },
        safetyState: { type: 'String', from: 'AQZT', sharing: 'unconditional', sensitivity: 'internal', description: '合格 or 待整改.' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'Signboard', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'ref', on: 'Signboard', field: 'owner', target: 'Enterprise', from: 'ownerCreditCode' },
    { kind: 'has', on: 'Building', field: 'signboards', target: 'Signboard', by: 'buildingId', listSize: 3 },
  ],
});
