import { defineConnector } from '../../define-connector.ts';

/**
 * 桥梁隧道结构监测: the road administration's structural health sensors on bridges and
 * tunnels (MQTT). Sensitive: positions of critical infrastructure are conditional.
 */
export default defineConnector({
  id: 'bridge-monitoring',
  names: { zh: '桥梁隧道结构监测', en: 'Bridge and tunnel monitoring' },
  department: 'Road Administration',
  domain: 'emergency',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_BRIDGE_MONITORING_MQTT',
    topics: {
      StructureSensor: {
        topic: 'city/lzj/jgjc/+',
        topicFields: { CDBH: 3 },
        alarm: { above: { WY: 20, QJ: 0.5 } },
        readingsField: 'structureReadings',
        alarmsField: 'structureAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    StructureSensor: {
      description: 'A structural-health sensor on a bridge or tunnel, with its latest reading.',
      key: 'sensorId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode', 'structureId'],
      fields: {
        sensorId: { type: 'ID', from: 'CDBH', sharing: 'unconditional', sensitivity: 'internal' },
        structureId: { type: 'ID', from: 'JGBH', sharing: 'unconditional', sensitivity: 'internal' },
        structureName: { type: 'String', from: 'JGMC', sharing: 'unconditional', sensitivity: 'internal' },
        structureKind: { type: 'String', from: 'JGLX', sharing: 'unconditional', sensitivity: 'internal', description: '桥梁 or 隧道.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'conditional', sensitivity: 'sensitive' },
        displacementMm: { type: 'Float', from: 'WY', sharing: 'unconditional', sensitivity: 'sensitive', description: 'Alarm above 20 mm.' },
        tiltDeg: { type: 'Float', from: 'QJ', sharing: 'unconditional', sensitivity: 'sensitive', description: 'Alarm above 0.5°.' },
        strainMicro: { type: 'Int', from: 'YB', sharing: 'unconditional', sensitivity: 'sensitive', description: 'Strain, µε.' },
        measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'structureSensors', target: 'StructureSensor', by: 'streetCode', listSize: 3 },
    { kind: 'has', on: 'District', field: 'structureSensors', target: 'StructureSensor', by: 'districtCode', listSize: 6 },
  ],
});
