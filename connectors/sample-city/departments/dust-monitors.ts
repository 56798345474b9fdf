import { defineConnector } from '../../define-connector.ts';

/** 工地扬尘监测: dust monitors at construction sites publishing on MQTT (Ecology and Environment Bureau). */
export default defineConnector({
  id: 'dust-monitors',
  names: { zh: '工地扬尘监测', en: 'Construction dust monitors' },
  department: 'Ecology and Environment Bureau',
  domain: 'environment',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_DUST_MONITORS_MQTT',
    topics: {
      DustReading: {
        topic: 'city/env/dust/+/realtime',
        topicFields: { JCDBH: 3 },
        alarm: { flag: 'CBBJ', above: { PM10: 150 } },
        alarmsField: 'dustAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    DustReading: {
      description: 'The latest reading of the dust monitor at a construction site (PM10 over 150 µg/m³ raises the alarm).',
      key: 'monitorId',
      jurisdiction: 'streetCode',
      filters: ['siteId', 'alarm', 'districtCode'],
      fields: {
        monitorId: { type: 'ID', from: 'JCDBH', sharing: 'unconditional', sensitivity: 'internal' },
        siteId: { type: 'ID', from: 'GDBH', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        pm10: { type: 'Float', from: 'PM10', sharing: 'unconditional', sensitivity: 'internal', description: 'µg/m³.' },
        pm25: { type: 'Float', from: 'PM25', sharing: 'unconditional', sensitivity: 'internal', description: 'µg/m³.' },
        noiseDb: { type: 'Float', from: 'ZS', sharing: 'unconditional', sensitivity: 'internal' },
        windSpeedMs: { type: 'Float', from: 'FS', sharing: 'unconditional', sensitivity: 'internal' },
        measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'unconditional', sensitivity: 'internal' },
        alarm: { type: 'Boolean', from: 'CBBJ', sharing: 'unconditional', sensitivity: 'internal', description: 'Over the limit (超标报警).' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'ConstructionSite', onKey: 'siteId', field: 'dustReading', target: 'DustReading', by: 'siteId', list: false },
    { kind: 'ref', on: 'DustReading', field: 'site', target: 'ConstructionSite', from: 'siteId', targetKey: 'siteId' },
  ],
});
