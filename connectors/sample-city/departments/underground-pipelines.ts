import { defineConnector } from '../../define-connector.ts';

/**
 * 地下管线: the pipeline survey of planning and natural resources (water, drainage, gas,
 * power, telecom, heat), from a `|`-separated CSV export. Critical infrastructure: routes
 * are conditional, gas pressure classes never leave the department.
 */
export default defineConnector({
  id: 'underground-pipelines',
  names: { zh: '地下管线', en: 'Underground pipelines' },
  department: 'Planning and Natural Resources',
  domain: 'geography',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_UNDERGROUND_PIPELINES_DIR',
    delimiter: '|',
    refreshSeconds: 86_400,
    files: { Pipeline: { file: 'dxgx.csv' } },
  },
  timeoutMs: 5_000,
  catalogue: {
    Pipeline: {
      description: 'A surveyed underground pipeline section (地下管线).',
      key: 'pipelineId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode', 'category'],
      fields: {
        pipelineId: { type: 'ID', from: 'GXBH', sharing: 'unconditional', sensitivity: 'internal' },
        category: { type: 'String', from: 'GXLB', sharing: 'unconditional', sensitivity: 'internal', description: '给水, 排水, 燃气, 电力, 通信 or 热力.' },
        owner: { type: 'String', from: 'QSDW', sharing: 'unconditional', sensitivity: 'internal', description: 'The utility that owns the line.' },
        districtCode: { type: 'AdminCode', from: 'SSQX', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'SSJD', sharing: 'unconditional', sensitivity: 'internal' },
        depthM: { type: 'Float', from: 'MS', sharing: 'conditional', sensitivity: 'sensitive' },
        diameterMm: { type: 'Int', from: 'GJ', sharing: 'unconditional', sensitivity: 'internal' },
        lengthM: { type: 'Float', from: 'CD', sharing: 'unconditional', sensitivity: 'internal' },
        pressureClass: { type: 'String', from: 'YL', nullable: true, sharing: 'none', sensitivity: 'sensitive', description: 'Gas pressure class; never leaves the department.' },
        start: { type: 'GeoPoint', from: { lat: 'QD_WD', lng: 'QD_JD' }, sharing: 'conditional', sensitivity: 'sensitive' },
        laidYear: { type: 'Int', from: 'MSNF', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'pipelines', target: 'Pipeline', by: 'streetCode', listSize: 4 },
  ],
});
