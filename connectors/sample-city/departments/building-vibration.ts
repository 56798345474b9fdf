import { defineConnector } from '../../define-connector.ts';

/**
 * 三保卫士: the vibration monitors the housing administration fixes to protected buildings.
 * Each monitor publishes its latest alarm (peak particle velocity over the building's
 * threshold) on the broker, with where its handling stands and the housing officer who
 * closed it.
 */
export default defineConnector({
  id: 'building-vibration',
  names: { zh: '三保卫士建筑振动监测', en: 'Building vibration monitors' },
  department: 'Housing Administration',
  domain: 'housing',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_BUILDING_VIBRATION_MQTT',
    usernameEnv: 'CITYHUB_BUILDING_VIBRATION_MQTT_USER',
    passwordEnv: 'CITYHUB_BUILDING_VIBRATION_MQTT_PASSWORD',
    topics: {
      VibrationAlarm: {
        topic: 'city/fg/sbws/+/alarm',
        topicFields: { JCDBH: 3 },
        alarm: { flag: 'WCL' },
        readingsField: 'vibrationAlarmUpdates',
        alarmsField: 'openVibrationAlarms',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    VibrationAlarm: {
      description: 'A vibration alarm of a monitor on a protected building: the peak velocity over the threshold, and its handling.',
      key: 'alarmId',
      jurisdiction: 'gridCode',
      filters: ['buildingId', 'monitorId', 'open', 'state', 'districtCode', 'streetCode'],
      fields: {
        alarmId: { type: 'ID', from: 'BJBH', sharing: 'unconditional', sensitivity: 'internal' },
        monitorId: { type: 'ID', from: 'JCDBH', sharing: 'unconditional', sensitivity: 'internal' },
        buildingId: { type: 'ID', from: 'JZBH', sharing: 'unconditional', sensitivity: 'internal' },
        peakVelocityMmS: { type: 'Float', from: 'ZDSD', sharing: 'unconditional', sensitivity: 'internal', description: 'Peak particle velocity, mm/s.' },
        thresholdMmS: { type: 'Float', from: 'YZ', sharing: 'unconditional', sensitivity: 'internal', description: 'The alarm threshold of the building, mm/s.' },
        raisedAt: { type: 'DateTime', from: 'BJSJ', sharing: 'unconditional', sensitivity: 'internal' },
        open: { type: 'Boolean', from: 'WCL', sharing: 'unconditional', sensitivity: 'internal', description: 'Not closed yet.' },
        state: { type: 'String', from: 'CLZT', sharing: 'unconditional', sensitivity: 'internal', description: '未处置 or 已关闭.' },
        closedByOfficerId: { type: 'ID', from: 'GBR', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'The housing officer who closed the alarm.' },
        closedAt: { type: 'DateTime', from: 'GBSJ', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        note: { type: 'String', from: 'CLSM', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'VibrationAlarm', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'ref', on: 'VibrationAlarm', field: 'closedBy', target: 'HousingOfficer', from: 'closedByOfficerId', targetKey: 'officerId' },
    { kind: 'has', on: 'Building', field: 'vibrationAlarms', target: 'VibrationAlarm', by: 'buildingId', listSize: 1 },
  ],
});
