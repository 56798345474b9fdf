import { defineConnector } from '../../define-connector.ts';

/**
 * 独居老人智能四件套: the door, gas, smoke and motion sensors civil affairs fits in the homes of
 * elders living alone. Each device publishes its latest state on the broker; alarms are
 * published on their own topic with where their handling stands.
 */
export default defineConnector({
  id: 'elderly-sensors',
  names: { zh: '独居老人智能四件套', en: 'Home sensors of elders living alone' },
  department: 'Civil Affairs Bureau',
  domain: 'civil-affairs',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_ELDERLY_SENSORS_MQTT',
    usernameEnv: 'CITYHUB_ELDERLY_SENSORS_MQTT_USER',
    passwordEnv: 'CITYHUB_ELDERLY_SENSORS_MQTT_PASSWORD',
    topics: {
      HomeSensor: {
        topic: 'city/mz/znsjt/+/status',
        topicFields: { SBBH: 3 },
        alarm: { flag: 'BJ' },
        readingsField: 'homeSensorReadings',
        alarmsField: 'homeSensorAlarms',
      },
      SensorAlarm: {
        topic: 'city/mz/znsjt/+/alarm',
        topicFields: { BJBH: 3 },
        alarm: { flag: 'WCL' },
        readingsField: 'sensorAlarmUpdates',
        alarmsField: 'openSensorAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    HomeSensor: {
      description: 'One device of the smart home kit (智能四件套) in the home of an elder living alone: its latest state.',
      key: 'sensorId',
      jurisdiction: 'gridCode',
      filters: ['personId', 'kind', 'alarm', 'streetCode', 'communityCode'],
      fields: {
        sensorId: { type: 'ID', from: 'SBBH', sharing: 'unconditional', sensitivity: 'internal' },
        personId: { type: 'ID', from: 'LNRBS', sharing: 'unconditional', sensitivity: 'internal', description: 'The elder whose home the device is in.' },
        kind: { type: 'String', from: 'SBLX', sharing: 'unconditional', sensitivity: 'internal', description: '门磁 (door), 燃气 (gas), 烟感 (smoke) or 人体红外 (motion).' },
        state: { type: 'String', from: 'ZT', sharing: 'unconditional', sensitivity: 'internal', description: '正常, 报警 or 低电量.' },
        reading: {
          type: 'Float', from: 'DS', sharing: 'conditional', sensitivity: 'personal', mask: 'redact',
          description: 'Door and motion: hours since the last opening or movement; gas: %LEL; smoke: dB/m. Reveals the elder\'s daily life.',
        },
        unit: { type: 'String', from: 'DW', sharing: 'unconditional', sensitivity: 'internal' },
        batteryPercent: { type: 'Int', from: 'DL', sharing: 'unconditional', sensitivity: 'internal' },
        alarm: { type: 'Boolean', from: 'BJ', sharing: 'unconditional', sensitivity: 'internal' },
        measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    SensorAlarm: {
      description: 'An alarm a home sensor raised, with where its handling stands (未处置, 已派单, 已办结).',
      key: 'alarmId',
      jurisdiction: 'gridCode',
      filters: ['personId', 'open', 'status', 'streetCode', 'communityCode'],
      fields: {
        alarmId: { type: 'ID', from: 'BJBH', sharing: 'unconditional', sensitivity: 'internal' },
        sensorId: { type: 'ID', from: 'SBBH', sharing: 'unconditional', sensitivity: 'internal' },
        personId: { type: 'ID', from: 'LNRBS', sharing: 'unconditional', sensitivity: 'internal' },
        kind: { type: 'String', from: 'SBLX', sharing: 'unconditional', sensitivity: 'internal' },
        description: { type: 'String', from: 'BJNR', sharing: 'unconditional', sensitivity: 'internal' },
        reading: { type: 'Float', from: 'BJZ', sharing: 'conditional', sensitivity: 'personal', mask: 'redact', description: 'The reading that raised the alarm.' },
        raisedAt: { type: 'DateTime', from: 'BJSJ', sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'CLZT', sharing: 'unconditional', sensitivity: 'internal' },
        open: { type: 'Boolean', from: 'WCL', sharing: 'unconditional', sensitivity: 'internal', description: 'Not closed yet (未处置 or 已派单).' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'SQDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'ElderlyResident', onKey: 'personId', field: 'homeSensors', target: 'HomeSensor', by: 'personId', listSize: 4 },
    { kind: 'has', on: 'ElderlyResident', onKey: 'personId', field: 'sensorAlarms', target: 'SensorAlarm', by: 'personId', listSize: 1 },
    { kind: 'has', on: 'HomeSensor', field: 'alarms', target: 'SensorAlarm', by: 'sensorId', listSize: 1 },
    { kind: 'ref', on: 'SensorAlarm', field: 'sensor', target: 'HomeSensor', from: 'sensorId' },
    { kind: 'ref', on: 'SensorAlarm', field: 'elderlyResident', target: 'ElderlyResident', from: 'personId', targetKey: 'personId' },
    { kind: 'has', on: 'Street', field: 'sensorAlarms', target: 'SensorAlarm', by: 'streetCode', listSize: 35 },
    { kind: 'has', on: 'Community', field: 'sensorAlarms', target: 'SensorAlarm', by: 'communityCode', listSize: 12 },
  ],
});
