import { defineConnector } from '../../define-connector.ts';

/** 城中村综合治理: the urban renewal office's register of urban villages and where their renewal stands. */
export default defineConnector({
  id: 'urban-villages',
  names: { zh: '城中村综合治理', en: 'Urban villages' },
  department: 'Urban Renewal Office',
  domain: 'city-management',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_URBAN_VILLAGES_DB', tables: { UrbanVillage: 'T_CGB_CZC' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    UrbanVillage: {
      description: 'An urban village (城中村) under comprehensive governance.',
      key: 'villageId',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'districtCode', 'renewalStage'],
      fields: {
        villageId: { type: 'ID', from: 'CZCBH', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'CZCMC', sharing: 'open', sensitivity: 'public' },
        areaHectares: { type: 'Float', from: 'ZDMJ', sharing: 'open', sensitivity: 'public' },
        population: { type: 'Int', from: 'CZRK', sharing: 'unconditional', sensitivity: 'internal' },
        migrantPopulation: { type: 'Int', from: 'LDRK', sharing: 'unconditional', sensitivity: 'internal' },
        rentalUnits: { type: 'Int', from: 'CZFWS', sharing: 'unconditional', sensitivity: 'internal' },
        renewalStage: { type: 'String', from: 'GZJD', sharing: 'open', sensitivity: 'public', description: '摸底调查, 方案编制, 征收实施 or 已完成.' },
        compensationBudget: { type: 'Float', from: 'BCYS', sharing: 'none', sensitivity: 'sensitive', description: 'Compensation budget (亿元): never leaves the office.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'urbanVillages', target: 'UrbanVillage', by: 'streetCode', listSize: 1 },
    { kind: 'ref', on: 'UrbanVillage', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
