import { defineConnector } from '../../define-connector.ts';

/** 消防安全隐患: fire hazards found by the fire brigade's inspections, and their rectification. */
export default defineConnector({
  id: 'fire-hazards',
  names: { zh: '消防安全隐患', en: 'Fire hazards' },
  department: 'Fire and Rescue',
  domain: 'public-security',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_FIRE_HAZARDS_URL',
    namespace: 'http://xf.sh.gov.cn/yhpc',
    operations: {
      FireHazard: {
        operation: 'QueryYhxx',
        soapAction: 'http://xf.sh.gov.cn/yhpc/QueryYhxx',
        requestElement: 'QueryYhxxRequest',
        params: { hazardId: 'yhbh', buildingId: 'jzwbh', streetCode: 'jdbm' },
        withinParam: 'xzqhdm',
        rowsPath: 'QueryYhxxResponse.return.yhxx',
      },
    },
  },
  timeoutMs: 4_000,
  cacheTtlSeconds: 600,
  catalogue: {
    FireHazard: {
      description: 'A fire hazard (消防安全隐患) found in a building, and whether it was rectified.',
      key: 'hazardId',
      jurisdiction: 'gridCode',
      filters: ['buildingId', 'streetCode', 'level', 'rectified', 'kind'],
      fields: {
        hazardId: { type: 'ID', from: 'yhbh', sharing: 'unconditional', sensitivity: 'internal' },
        buildingId: { type: 'ID', from: 'jzwbh', sharing: 'unconditional', sensitivity: 'internal' },
        address: { type: 'String', from: 'dz', sharing: 'unconditional', sensitivity: 'internal' },
        kind: { type: 'String', from: 'yhlx', sharing: 'unconditional', sensitivity: 'internal', description: '消防通道堵塞, 电动车违规充电, 灭火器失效, 疏散指示损坏, 违规用火用电.' },
        level: { type: 'Int', from: 'yhdj', sharing: 'unconditional', sensitivity: 'internal', description: '1 (general) to 3 (major, 重大隐患).' },
        rectified: { type: 'Boolean', from: 'sfzg', sharing: 'unconditional', sensitivity: 'internal' },
        deadline: { type: 'String', from: 'zgqx', sharing: 'unconditional', sensitivity: 'internal', description: 'Rectify by, YYYY-MM-DD.' },
        reportedAt: { type: 'DateTime', from: 'fxsj', sharing: 'unconditional', sensitivity: 'internal' },
        inspectorName: { type: 'String', from: 'jcyxm', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
        location: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'jdbm', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'wgbm', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'FireHazard', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'has', on: 'Building', field: 'fireHazards', target: 'FireHazard', by: 'buildingId', listSize: 1 },
    { kind: 'has', on: 'Street', field: 'fireHazards', target: 'FireHazard', by: 'streetCode', listSize: 6 },
  ],
});
