import { defineConnector } from '../../define-connector.ts';

/** 噪声监测: the ecology bureau's roadside and functional-zone noise monitors, one per street, on MQTT. */
export default defineConnector({
  id: 'noise-monitors',
  names: { zh: '噪声监测', en: 'Noise monitors' },
  department: 'Ecology and Environment Bureau',
  domain: 'environment',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_NOISE_MONITORS_MQTT',
    topics: {
      NoiseReading: {
        topic: 'city/env/noise/+/leq',
        topicFields: { JCDBH: 3 },
        alarm: { flag: 'CBBZ' },
        readingsField: 'noiseReadings',
        alarmsField: 'noiseExceedances',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    NoiseReading: {
      description: 'The latest 5-minute equivalent sound level (Leq) of a noise monitor.',
      key: 'monitorId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'exceeded', 'zoneClass'],
      fields: {
        monitorId: { type: 'ID', from: 'JCDBH', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'open', sensitivity: 'public' },
        zoneClass: { type: 'Int', from: 'GNQLB', sharing: 'open', sensitivity: 'public', description: 'Acoustic functional zone, class 1 to 4 (GB 3096-2008).' },
        leqDb: { type: 'Float', from: 'LEQ', sharing: 'open', sensitivity: 'public', description: 'Equivalent sound level, dB(A).' },
        limitDb: { type: 'Float', from: 'XZZ', sharing: 'open', sensitivity: 'public', description: 'The daytime limit of the zone, dB(A).' },
        exceeded: { type: 'Boolean', from: 'CBBZ', sharing: 'open', sensitivity: 'public' },
        measuredAt: { type: 'DateTime', from: 'JCSJ', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'noiseMonitors', target: 'NoiseReading', by: 'streetCode', listSize: 1 },
    { kind: 'has', on: 'District', field: 'noiseMonitors', target: 'NoiseReading', by: 'districtCode', listSize: 6 },
  ],
});
