import { defineConnector } from '../../define-connector.ts';

/** 网格划分: the management grids of every community (Grid Management Centre). */
export default defineConnector({
  id: 'grids',
  names: { zh: '网格划分', en: 'Grid registry' },
  department: 'Grid Management Centre',
  domain: 'geography',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_GRIDS_DB', tables: { Grid: 'WG_JBXX' } },
  timeoutMs: 2_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    Grid: {
      description: 'A management grid (网格): the smallest unit patrolled by grid officers.',
      key: 'code',
      jurisdiction: 'code',
      filters: ['communityCode', 'streetCode'],
      fields: {
        code: { type: 'AdminCode', from: 'WGBM', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'WGMC', sharing: 'open', sensitivity: 'public' },
        communityCode: { type: 'AdminCode', from: 'SSSQ_DM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'SSJD_DM', sharing: 'open', sensitivity: 'public' },
        areaKm2: { type: 'Float', from: 'WGMJ', sharing: 'open', sensitivity: 'public' },
        centre: { type: 'GeoPoint', from: { lat: 'ZXWD', lng: 'ZXJD' }, sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Community', field: 'grids', target: 'Grid', by: 'communityCode', listSize: 3 },
    { kind: 'has', on: 'Street', field: 'grids', target: 'Grid', by: 'streetCode', listSize: 12 },
    { kind: 'ref', on: 'Grid', field: 'community', target: 'Community', from: 'communityCode' },
  ],
});
