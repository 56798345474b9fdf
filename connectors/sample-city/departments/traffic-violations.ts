import { defineConnector } from '../../define-connector.ts';

/** 交通违法处理: the traffic police's violation records (交通违法记录), one legacy table. */
export default defineConnector({
  id: 'traffic-violations',
  names: { zh: '交通违法处理', en: 'Traffic violations' },
  department: 'Traffic Police',
  domain: 'transport',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_TRAFFIC_VIOLATIONS_DB', tables: { TrafficViolation: 'VIO_SURVEIL' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 60,
  catalogue: {
    TrafficViolation: {
      description: 'A recorded traffic violation, its driver and whether it has been dealt with.',
      key: 'violationId',
      jurisdiction: 'streetCode',
      filters: ['plate', 'code', 'handled', 'districtCode', 'checkpointId'],
      fields: {
        violationId: { type: 'ID', from: 'XH', sharing: 'unconditional', sensitivity: 'internal' },
        plate: { type: 'ID', from: 'HPHM', sharing: 'unconditional', sensitivity: 'sensitive' },
        driverPersonId: { type: 'ID', from: 'JSZ_RYBS', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        driverName: { type: 'String', from: 'DSR', nullable: true, sharing: 'conditional', sensitivity: 'personal', mask: 'name', description: 'The party (当事人).' },
        code: { type: 'String', from: 'WFXW', sharing: 'unconditional', sensitivity: 'internal', description: 'Violation code, such as 1344.' },
        description: { type: 'String', from: 'WFNR', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'XZQH', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        checkpointId: { type: 'ID', from: 'KKBH', nullable: true, sharing: 'unconditional', sensitivity: 'sensitive' },
        passageId: { type: 'ID', from: 'GCXH', nullable: true, sharing: 'unconditional', sensitivity: 'sensitive' },
        occurredAt: { type: 'DateTime', from: 'WFSJ', sharing: 'unconditional', sensitivity: 'sensitive' },
        fineYuan: { type: 'Int', from: 'FKJE', sharing: 'unconditional', sensitivity: 'internal' },
        points: { type: 'Int', from: 'WFJFS', sharing: 'unconditional', sensitivity: 'internal' },
        handled: { type: 'Boolean', from: 'CLBJ', sharing: 'unconditional', sensitivity: 'internal', description: 'Dealt with (处理标记).' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Vehicle', field: 'violations', target: 'TrafficViolation', by: 'plate', listSize: 4 },
    { kind: 'has', on: 'Person', field: 'trafficViolations', target: 'TrafficViolation', by: 'driverPersonId', listSize: 4 },
    { kind: 'ref', on: 'TrafficViolation', field: 'driver', target: 'Person', from: 'driverPersonId' },
    { kind: 'ref', on: 'TrafficViolation', field: 'vehicle', target: 'Vehicle', from: 'plate' },
    { kind: 'ref', on: 'TrafficViolation', field: 'passage', target: 'VehiclePassage', from: 'passageId', targetKey: 'passageId' },
  ],
});
