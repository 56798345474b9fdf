import { defineConnector } from '../../define-connector.ts';

/** 应急物资储备: the emergency management bureau's flood-control supply depots (sensitive: where the reserves are). */
export default defineConnector({
  id: 'emergency-supplies',
  names: { zh: '应急物资储备', en: 'Emergency supply depots' },
  department: 'Emergency Management Bureau',
  domain: 'emergency',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_EMERGENCY_SUPPLIES_DB', tables: { SupplyDepot: 'T_YJ_WZCK' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 300,
  catalogue: {
    SupplyDepot: {
      description: 'A depot of emergency supplies (应急物资仓库) and its stock.',
      key: 'depotId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode'],
      fields: {
        depotId: { type: 'ID', from: 'CKBM', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'CKMC', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'conditional', sensitivity: 'sensitive', description: 'Where the reserve is stored.' },
        sandbags: { type: 'Int', from: 'SD_SL', sharing: 'unconditional', sensitivity: 'internal' },
        pumps: { type: 'Int', from: 'CSB_SL', sharing: 'unconditional', sensitivity: 'internal', description: 'Portable drainage pumps.' },
        lifeJackets: { type: 'Int', from: 'JSY_SL', sharing: 'unconditional', sensitivity: 'internal' },
        tents: { type: 'Int', from: 'ZP_SL', sharing: 'unconditional', sensitivity: 'internal' },
        managerName: { type: 'String', from: 'FZR_XM', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
        managerPhone: { type: 'String', from: 'FZR_DH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        updatedAt: { type: 'DateTime', from: 'GXSJ', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'District', field: 'supplyDepots', target: 'SupplyDepot', by: 'districtCode', listSize: 2 },
    { kind: 'has', on: 'Street', field: 'supplyDepots', target: 'SupplyDepot', by: 'streetCode', listSize: 1 },
  ],
});
