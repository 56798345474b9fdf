import { defineConnector } from '../../define-connector.ts';

/** 河道水位监测: the water authority's river gauging stations, latest reading per station over MQTT. */
export default defineConnector({
  id: 'water-levels',
  names: { zh: '河道水位监测', en: 'River water levels' },
  department: 'Water Authority',
  domain: 'water',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_WATER_LEVELS_MQTT',
    topics: {
      WaterLevelStation: {
        topic: 'city/swj/sw/+/ss',
        topicFields: { ZDBM: 3 },
        alarm: { flag: 'BJ' },
        readingsField: 'waterLevelReadings',
        alarmsField: 'waterLevelAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    WaterLevelStation: {
      description: 'A river gauging station (水位站) with its latest reading.',
      key: 'stationId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode', 'alarm', 'river'],
      fields: {
        stationId: { type: 'ID', from: 'ZDBM', sharing: 'open', sensitivity: 'public' },
        river: { type: 'String', from: 'HDMC', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'open', sensitivity: 'public' },
        levelM: { type: 'Float', from: 'SW', sharing: 'open', sensitivity: 'public', description: 'Water level, m.' },
        warningLevelM: { type: 'Float', from: 'JJSW', sharing: 'open', sensitivity: 'public', description: 'Warning level (警戒水位), m.' },
        guaranteedLevelM: { type: 'Float', from: 'BZSW', sharing: 'unconditional', sensitivity: 'internal', description: 'Guaranteed level (保证水位), m.' },
        measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'open', sensitivity: 'public' },
        alarm: { type: 'Boolean', from: 'BJ', sharing: 'open', sensitivity: 'public', description: 'Above the warning level.' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'waterLevelStations', target: 'WaterLevelStation', by: 'streetCode', listSize: 1 },
    { kind: 'has', on: 'District', field: 'waterLevelStations', target: 'WaterLevelStation', by: 'districtCode', listSize: 3 },
    { kind: 'ref', on: 'WaterLevelStation', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
