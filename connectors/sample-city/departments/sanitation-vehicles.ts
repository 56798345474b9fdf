import { defineConnector } from '../../define-connector.ts';

/**
 * 环卫作业车辆: the GPS terminals of the sanitation authority's sweepers, sprinklers and
 * refuse trucks (the city model's vehicles of kind `sanitation`, by plate), on MQTT.
 */
export default defineConnector({
  id: 'sanitation-vehicles',
  names: { zh: '环卫作业车辆', en: 'Sanitation vehicles' },
  department: 'Sanitation Authority',
  domain: 'sanitation',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_SANITATION_VEHICLES_MQTT',
    topics: {
      SanitationVehicle: {
        topic: 'city/sanitation/vehicle/+/gps',
        topicFields: { CPHM: 3 },
        alarm: { flag: 'CSBJ' },
        readingsField: 'sanitationVehiclePositions',
        alarmsField: 'sanitationVehicleAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    SanitationVehicle: {
      description: 'The latest position and state of a sanitation vehicle.',
      key: 'plate',
      jurisdiction: 'districtCode',
      filters: ['streetCode', 'vehicleType', 'workState'],
      fields: {
        plate: { type: 'ID', from: 'CPHM', sharing: 'unconditional', sensitivity: 'internal' },
        vehicleType: { type: 'String', from: 'CLLX', sharing: 'unconditional', sensitivity: 'internal', description: '扫路车, 洒水车 or 压缩式垃圾车.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal', description: 'The street it is assigned to today.' },
        position: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'unconditional', sensitivity: 'internal' },
        speedKmh: { type: 'Float', from: 'SD', sharing: 'unconditional', sensitivity: 'internal' },
        workState: { type: 'String', from: 'ZYZT', sharing: 'unconditional', sensitivity: 'internal', description: '作业中, 空驶 or 停放.' },
        overspeed: { type: 'Boolean', from: 'CSBJ', sharing: 'unconditional', sensitivity: 'internal', description: 'Faster than 40 km/h while working.' },
        reportedAt: { type: 'DateTime', from: 'DWSJ', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Vehicle', field: 'sanitationVehicle', target: 'SanitationVehicle', by: 'plate', list: false },
    { kind: 'ref', on: 'SanitationVehicle', field: 'vehicle', target: 'Vehicle', from: 'plate' },
    { kind: 'has', on: 'District', field: 'sanitationVehicles', target: 'SanitationVehicle', by: 'districtCode', listSize: 18 },
  ],
});
