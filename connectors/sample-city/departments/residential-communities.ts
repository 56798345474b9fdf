import { defineConnector } from '../../define-connector.ts';

/**
 * 住宅小区: the housing administration's register of residential estates (小区), with their
 * property-management company, and of the housing officers (房管员) in charge of each street.
 */
export default defineConnector({
  id: 'residential-communities',
  names: { zh: '住宅小区', en: 'Residential communities' },
  department: 'Housing Administration',
  domain: 'housing',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_RESIDENTIAL_COMMUNITIES_DB', tables: { ResidentialCommunity: 'T_FG_ZZXQ', HousingOfficer: 'T_FG_FGY' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    ResidentialCommunity: {
      description: 'A residential estate (住宅小区) and who manages it.',
      key: 'estateId',
      jurisdiction: 'communityCode',
      filters: ['streetCode', 'communityCode', 'propertyCompanyCreditCode'],
      fields: {
        estateId: { type: 'ID', from: 'XQBH', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'XQMC', sharing: 'open', sensitivity: 'public' },
        address: { type: 'String', from: 'XQDZ', sharing: 'open', sensitivity: 'public' },
        households: { type: 'Int', from: 'ZHS', sharing: 'unconditional', sensitivity: 'internal' },
        buildings: { type: 'Int', from: 'LDS', sharing: 'open', sensitivity: 'public' },
        yearBuilt: { type: 'Int', from: 'JCNF', sharing: 'open', sensitivity: 'public' },
        propertyCompanyCreditCode: { type: 'ID', from: 'WYGS_TYDM', nullable: true, sharing: 'open', sensitivity: 'public' },
        maintenanceFundBalance: { type: 'Float', from: 'WXJJ_YE', sharing: 'none', sensitivity: 'internal', description: 'The estate\'s maintenance fund (万元): kept inside the administration.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'open', sensitivity: 'public' },
      },
    },
    HousingOfficer: {
      description: 'A housing officer (房管员) of the housing administration, in charge of one street\'s buildings.',
      key: 'officerId',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'districtCode'],
      fields: {
        officerId: { type: 'ID', from: 'FGYBH', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'XM', sharing: 'unconditional', sensitivity: 'internal' },
        phone: { type: 'String', from: 'LXDH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone', description: 'Work mobile.' },
        role: { type: 'String', from: 'ZW', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'ResidentialCommunity', field: 'propertyCompany', target: 'Enterprise', from: 'propertyCompanyCreditCode' },
    { kind: 'ref', on: 'ResidentialCommunity', field: 'community', target: 'Community', from: 'communityCode' },
    { kind: 'has', on: 'Community', field: 'residentialEstates', target: 'ResidentialCommunity', by: 'communityCode', listSize: 3 },
    { kind: 'has', on: 'Street', field: 'housingOfficers', target: 'HousingOfficer', by: 'streetCode', listSize: 2 },
  ],
});
