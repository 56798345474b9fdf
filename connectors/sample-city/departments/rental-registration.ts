import { defineConnector } from '../../define-connector.ts';

/**
 * 出租房屋登记: the police register of rented homes and their tenants, with the entry and exit
 * of every tenant (urban villages keep the log door by door).
 */
export default defineConnector({
  id: 'rental-registration',
  names: { zh: '出租房屋登记', en: 'Rental registration' },
  department: 'Public Security Bureau',
  domain: 'public-security',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_RENTAL_REGISTRATION_DB', tables: { RentalUnit: 'T_GA_CZFW_JBXX', Tenant: 'T_GA_CZFW_ZHRY' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 120,
  catalogue: {
    RentalUnit: {
      description: 'A rented home registered with the police (出租房屋).',
      key: 'unitId',
      jurisdiction: 'gridCode',
      filters: ['buildingId', 'landlordPersonId', 'inUrbanVillage', 'streetCode', 'communityCode'],
      fields: {
        unitId: { type: 'ID', from: 'FWBH', sharing: 'unconditional', sensitivity: 'internal' },
        buildingId: { type: 'ID', from: 'JZWBM', sharing: 'unconditional', sensitivity: 'internal' },
        address: { type: 'String', from: 'FWDZ', sharing: 'unconditional', sensitivity: 'internal', description: 'Building address and room number.' },
        landlordPersonId: { type: 'ID', from: 'FZ_RYBS', sharing: 'unconditional', sensitivity: 'internal' },
        landlordName: { type: 'String', from: 'FZ_XM', sharing: 'conditional', sensitivity: 'personal', mask: 'name' },
        landlordPhone: { type: 'String', from: 'FZ_LXDH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        areaM2: { type: 'Float', from: 'JZMJ', sharing: 'unconditional', sensitivity: 'internal' },
        monthlyRentYuan: { type: 'Int', from: 'YZJ', sharing: 'none', sensitivity: 'internal', description: 'Declared for tax; never leaves the police.' },
        inUrbanVillage: { type: 'Boolean', from: 'SFCZC', sharing: 'unconditional', sensitivity: 'internal', description: 'In an urban village (城中村).' },
        registeredAt: { type: 'DateTime', from: 'DJSJ', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    Tenant: {
      description: 'One tenancy of a registered rented home: who lives there, from when to when (入住/退租).',
      key: 'tenancyId',
      jurisdiction: 'gridCode',
      filters: ['unitId', 'personId', 'current'],
      fields: {
        tenancyId: { type: 'ID', from: 'ZHBH', sharing: 'unconditional', sensitivity: 'internal' },
        unitId: { type: 'ID', from: 'FWBH', sharing: 'unconditional', sensitivity: 'internal' },
        personId: { type: 'ID', from: 'RYBS', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'XM', sharing: 'conditional', sensitivity: 'personal', mask: 'name' },
        idNumber: { type: 'String', from: 'ZJHM', sharing: 'conditional', sensitivity: 'personal', mask: 'idNumber' },
        phone: { type: 'String', from: 'LXDH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        movedInAt: { type: 'DateTime', from: 'RZSJ', sharing: 'unconditional', sensitivity: 'internal' },
        movedOutAt: { type: 'DateTime', from: 'TZSJ', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'Null while the tenant lives there.' },
        current: { type: 'Boolean', from: 'SFZZ', sharing: 'unconditional', sensitivity: 'internal', description: 'Lives there now (在住).' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'RentalUnit', field: 'tenants', target: 'Tenant', by: 'unitId', listSize: 4 },
    { kind: 'ref', on: 'Tenant', field: 'unit', target: 'RentalUnit', from: 'unitId' },
    { kind: 'ref', on: 'Tenant', field: 'person', target: 'Person', from: 'personId' },
    { kind: 'ref', on: 'RentalUnit', field: 'landlord', target: 'Person', from: 'landlordPersonId' },
    { kind: 'ref', on: 'RentalUnit', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'has', on: 'Building', field: 'rentalUnits', target: 'RentalUnit', by: 'buildingId', listSize: 3 },
    { kind: 'has', on: 'Person', field: 'tenancies', target: 'Tenant', by: 'personId', listSize: 4 },
    { kind: 'has', on: 'Grid', field: 'rentalUnits', target: 'RentalUnit', by: 'gridCode', listSize: 7 },
  ],
});
