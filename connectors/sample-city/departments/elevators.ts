import { defineConnector } from '../../define-connector.ts';

/**
 * 电梯安全监测: market regulation's elevator monitoring platform. Every monitored elevator
 * publishes its state, every fault its handling, and the platform a summary per district.
 */
export default defineConnector({
  id: 'elevators',
  names: { zh: '电梯安全监测', en: 'Elevator safety monitoring' },
  department: 'Market Regulation',
  domain: 'housing',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_ELEVATORS_MQTT',
    topics: {
      Elevator: { topic: 'city/tzsb/dt/+/status', topicFields: { DTBH: 3 }, alarm: { flag: 'GZ' }, readingsField: 'elevatorStatuses', alarmsField: 'elevatorAlarms' },
      ElevatorFault: { topic: 'city/tzsb/dtgz/+/fault', topicFields: { GZBH: 3 }, alarm: { flag: 'KR' }, readingsField: 'elevatorFaultUpdates', alarmsField: 'trappedPassengerAlarms' },
      DistrictElevatorSummary: { topic: 'city/tzsb/dtqx/+/summary', topicFields: { QXDM: 3 }, readingsField: 'districtElevatorSummaries' },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    Elevator: {
      description: 'A monitored elevator: its latest state.',
      key: 'elevatorId',
      jurisdiction: 'gridCode',
      filters: ['buildingId', 'state', 'fault', 'districtCode'],
      fields: {
        elevatorId: { type: 'ID', from: 'DTBH', sharing: 'unconditional', sensitivity: 'internal' },
        buildingId: { type: 'ID', from: 'JZBH', sharing: 'unconditional', sensitivity: 'internal' },
        registrationCode: { type: 'String', from: 'ZCDM', sharing: 'unconditional', sensitivity: 'internal', description: '特种设备注册代码.' },
        floor: { type: 'Int', from: 'LC', sharing: 'unconditional', sensitivity: 'internal' },
        state: { type: 'String', from: 'YXZT', sharing: 'unconditional', sensitivity: 'internal', description: '运行, 停梯 or 故障.' },
        fault: { type: 'Boolean', from: 'GZ', sharing: 'unconditional', sensitivity: 'internal' },
        maintainer: { type: 'String', from: 'WBDW', sharing: 'unconditional', sensitivity: 'internal' },
        measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    ElevatorFault: {
      description: 'A fault an elevator reported (trapped passengers, door lock, overrun), with its handling.',
      key: 'faultId',
      jurisdiction: 'gridCode',
      filters: ['elevatorId', 'buildingId', 'kind', 'state', 'trapped', 'districtCode'],
      fields: {
        faultId: { type: 'ID', from: 'GZBH', sharing: 'unconditional', sensitivity: 'internal' },
        elevatorId: { type: 'ID', from: 'DTBH', sharing: 'unconditional', sensitivity: 'internal' },
        buildingId: { type: 'ID', from: 'JZBH', sharing: 'unconditional', sensitivity: 'internal' },
        kind: { type: 'String', from: 'GZLX', sharing: 'unconditional', sensitivity: 'internal' },
        trapped: { type: 'Boolean', from: 'KR', sharing: 'unconditional', sensitivity: 'internal', description: 'Passengers trapped (困人).' },
        state: { type: 'String', from: 'CLZT', sharing: 'unconditional', sensitivity: 'internal', description: '待处置, 处置中 or 已修复.' },
        occurredAt: { type: 'DateTime', from: 'FSSJ', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    DistrictElevatorSummary: {
      description: 'The platform\'s own roll-up of a district\'s elevators and faults, for the big screen.',
      key: 'districtCode',
      jurisdiction: 'districtCode',
      fields: {
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        elevators: { type: 'Int', from: 'DTSL', sharing: 'unconditional', sensitivity: 'internal' },
        openFaults: { type: 'Int', from: 'WXFGZ', sharing: 'unconditional', sensitivity: 'internal' },
        trappedIncidents: { type: 'Int', from: 'KRS', sharing: 'unconditional', sensitivity: 'internal' },
        measuredAt: { type: 'DateTime', from: 'TJSJ', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'Elevator', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'has', on: 'Building', field: 'elevators', target: 'Elevator', by: 'buildingId', listSize: 2 },
    { kind: 'has', on: 'Elevator', field: 'faults', target: 'ElevatorFault', by: 'elevatorId', listSize: 1 },
    { kind: 'ref', on: 'ElevatorFault', field: 'elevator', target: 'Elevator', from: 'elevatorId' },
    { kind: 'has', on: 'District', field: 'elevatorSummary', target: 'DistrictElevatorSummary', by: 'districtCode', list: false },
  ],
});
