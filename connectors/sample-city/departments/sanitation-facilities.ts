import { defineConnector } from '../../define-connector.ts';

/** 环卫设施: public toilets, refuse transfer stations, refuse rooms and rest stops of the sanitation authority. */
export default defineConnector({
  id: 'sanitation-facilities',
  names: { zh: '环卫设施', en: 'Sanitation facilities' },
  department: 'Sanitation Authority',
  domain: 'sanitation',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_SANITATION_FACILITIES_DB', tables: { SanitationFacility: 'HW_SSJBXX' } },
  timeoutMs: 2_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    SanitationFacility: {
      description: 'A sanitation facility: a public toilet (公厕), a transfer station (转运站), a refuse room (垃圾箱房) or a workers’ rest stop.',
      key: 'facilityId',
      jurisdiction: 'communityCode',
      filters: ['facilityType', 'streetCode', 'districtCode', 'status'],
      fields: {
        facilityId: { type: 'ID', from: 'SSBH', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'SSMC', sharing: 'open', sensitivity: 'public' },
        facilityType: { type: 'String', from: 'SSLX', sharing: 'open', sensitivity: 'public', description: '公厕, 垃圾转运站, 垃圾箱房 or 环卫工人休息点.' },
        address: { type: 'String', from: 'DZ', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'open', sensitivity: 'public' },
        openingHours: { type: 'String', from: 'KFSJ', sharing: 'open', sensitivity: 'public' },
        accessible: { type: 'Boolean', from: 'WZA', sharing: 'open', sensitivity: 'public', description: 'Has barrier-free facilities (无障碍).' },
        cubicles: { type: 'Int', from: 'KWS', nullable: true, sharing: 'open', sensitivity: 'public', description: 'Cubicles of a public toilet.' },
        status: { type: 'String', from: 'ZT', sharing: 'open', sensitivity: 'public', description: '正常 or 维修中.' },
        dailyCapacityTons: { type: 'Float', from: 'RCLNL', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'Daily capacity of a transfer station.' },
        operator: { type: 'String', from: 'GLDW', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'sanitationFacilities', target: 'SanitationFacility', by: 'streetCode', listSize: 14 },
    { kind: 'has', on: 'Community', field: 'sanitationFacilities', target: 'SanitationFacility', by: 'communityCode', listSize: 5 },
  ],
});
