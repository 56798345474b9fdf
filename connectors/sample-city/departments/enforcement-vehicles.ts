import { defineConnector } from '../../define-connector.ts';

/** 城管执法车辆定位: city management enforcement vehicles reporting GPS fixes on MQTT. */
export default defineConnector({
  id: 'enforcement-vehicles',
  names: { zh: '城管执法车辆定位', en: 'Enforcement vehicle tracking' },
  department: 'City Management Enforcement',
  domain: 'city-management',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_ENFORCEMENT_VEHICLES_MQTT',
    topics: {
      EnforcementVehicle: {
        topic: 'city/cgzf/gps/+',
        topicFields: { ZDH: 3 },
        alarm: { flag: 'YJBJ' },
        alarmsField: 'enforcementVehicleAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    EnforcementVehicle: {
      description: 'The latest GPS fix of a city management enforcement vehicle. Positions are sensitive.',
      key: 'plate',
      jurisdiction: 'districtCode',
      filters: ['districtCode', 'status', 'streetCode'],
      fields: {
        plate: { type: 'ID', from: 'CPHM', sharing: 'unconditional', sensitivity: 'internal' },
        terminalId: { type: 'String', from: 'ZDH', sharing: 'unconditional', sensitivity: 'internal' },
        team: { type: 'String', from: 'ZFDY', sharing: 'unconditional', sensitivity: 'internal', description: 'The enforcement team (执法中队).' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'conditional', sensitivity: 'sensitive', description: 'The street the vehicle is in now.' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'conditional', sensitivity: 'sensitive' },
        speedKmh: { type: 'Float', from: 'SD', sharing: 'conditional', sensitivity: 'sensitive' },
        status: { type: 'String', from: 'ZT', sharing: 'unconditional', sensitivity: 'internal', description: '巡查, 出勤 or 停驶.' },
        reportedAt: { type: 'DateTime', from: 'DWSJ', sharing: 'unconditional', sensitivity: 'internal' },
        emergency: { type: 'Boolean', from: 'YJBJ', sharing: 'unconditional', sensitivity: 'internal', description: 'One-key alarm pressed (一键报警).' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Vehicle', field: 'enforcementVehicle', target: 'EnforcementVehicle', by: 'plate', list: false },
    { kind: 'has', on: 'District', field: 'enforcementVehicles', target: 'EnforcementVehicle', by: 'districtCode', listSize: 6 },
    { kind: 'ref', on: 'EnforcementVehicle', field: 'vehicle', target: 'Vehicle', from: 'plate' },
  ],
});
