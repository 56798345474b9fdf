import { defineConnector } from '../../define-connector.ts';

/** 排水管网: the water authority's drainage pipe sections, from a nightly CSV export (sensitive: infrastructure locations). */
export default defineConnector({
  id: 'drainage-network',
  names: { zh: '排水管网', en: 'Drainage network' },
  department: 'Water Authority',
  domain: 'water',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_DRAINAGE_NETWORK_DIR',
    refreshSeconds: 3_600,
    files: { DrainPipe: { file: '排水管段.csv' } },
  },
  timeoutMs: 5_000,
  catalogue: {
    DrainPipe: {
      description: 'A section of the drainage network (排水管段) between two manholes.',
      key: 'pipeId',
      jurisdiction: 'communityCode',
      filters: ['streetCode', 'communityCode', 'category'],
      fields: {
        pipeId: { type: 'ID', from: '管段编号', sharing: 'unconditional', sensitivity: 'internal' },
        category: { type: 'String', from: '管道类别', sharing: 'unconditional', sensitivity: 'internal', description: '雨水, 污水 or 合流.' },
        districtCode: { type: 'AdminCode', from: '所属区', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: '所属街道', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: '所属社区', sharing: 'unconditional', sensitivity: 'internal' },
        diameterMm: { type: 'Int', from: '管径毫米', sharing: 'unconditional', sensitivity: 'internal' },
        material: { type: 'String', from: '材质', sharing: 'unconditional', sensitivity: 'internal' },
        lengthM: { type: 'Float', from: '长度米', sharing: 'unconditional', sensitivity: 'internal' },
        depthM: { type: 'Float', from: '埋深米', sharing: 'conditional', sensitivity: 'sensitive' },
        start: { type: 'GeoPoint', from: { lat: '起点纬度', lng: '起点经度' }, sharing: 'conditional', sensitivity: 'sensitive', description: 'Where the section starts: critical infrastructure.' },
        builtYear: { type: 'Int', from: '建设年份', sharing: 'unconditional', sensitivity: 'internal' },
        siltLevel: { type: 'Int', from: '淤积等级', sharing: 'unconditional', sensitivity: 'internal', description: '0 (clear) to 3 (badly silted).' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'drainPipes', target: 'DrainPipe', by: 'streetCode', listSize: 8 },
    { kind: 'has', on: 'Community', field: 'drainPipes', target: 'DrainPipe', by: 'communityCode', listSize: 2 },
  ],
});
