import { defineConnector } from '../../define-connector.ts';

/** 道路积水监测: the water authority's road waterlogging sensors, latest depth per sensor over MQTT. */
export default defineConnector({
  id: 'road-waterlogging',
  names: { zh: '道路积水监测', en: 'Road waterlogging sensors' },
  department: 'Water Authority',
  domain: 'water',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_ROAD_WATERLOGGING_MQTT',
    topics: {
      WaterloggingSensor: {
        topic: 'city/swj/js/+/data',
        topicFields: { CGQBH: 3 },
        alarm: { flag: 'CXBZ' },
        readingsField: 'waterloggingReadings',
        alarmsField: 'waterloggingAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    WaterloggingSensor: {
      description: 'A road waterlogging sensor (积水监测点) with its latest depth.',
      key: 'sensorId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode', 'overThreshold'],
      fields: {
        sensorId: { type: 'ID', from: 'CGQBH', sharing: 'open', sensitivity: 'public' },
        road: { type: 'String', from: 'DLMC', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'open', sensitivity: 'public' },
        depthCm: { type: 'Float', from: 'JSSD', sharing: 'open', sensitivity: 'public', description: 'Water depth on the road, cm.' },
        thresholdCm: { type: 'Float', from: 'YJZ', sharing: 'open', sensitivity: 'public', description: 'Depth above which the point is reported, cm.' },
        overThreshold: { type: 'Boolean', from: 'CXBZ', sharing: 'open', sensitivity: 'public' },
        measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'waterloggingSensors', target: 'WaterloggingSensor', by: 'streetCode', listSize: 2 },
    { kind: 'has', on: 'District', field: 'waterloggingSensors', target: 'WaterloggingSensor', by: 'districtCode', listSize: 12 },
    { kind: 'ref', on: 'WaterloggingSensor', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
