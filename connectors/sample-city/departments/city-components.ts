import { defineConnector } from '../../define-connector.ts';

/** 城市部件: the grid management centre's inventory of city components (manhole covers, lamps, signs…). */
export default defineConnector({
  id: 'city-components',
  names: { zh: '城市部件', en: 'City components' },
  department: 'Grid Management Centre',
  domain: 'city-management',
  source: { kind: 'sql', endpointEnv: 'CITYHUB_CITY_COMPONENTS_DB', tables: { CityComponent: 'T_WG_CSBJ' } },
  timeoutMs: 3_000,
  cacheTtlSeconds: 300,
  catalogue: {
    CityComponent: {
      description: 'A city component (城市部件) of a grid: a manhole cover, street lamp, traffic sign, hydrant or litter bin.',
      key: 'componentId',
      jurisdiction: 'gridCode',
      filters: ['kind', 'state', 'streetCode', 'owner'],
      fields: {
        componentId: { type: 'ID', from: 'BJBH', sharing: 'unconditional', sensitivity: 'internal' },
        kind: { type: 'String', from: 'BJLX', sharing: 'unconditional', sensitivity: 'internal' },
        owner: { type: 'String', from: 'QSDW', sharing: 'unconditional', sensitivity: 'internal', description: 'The department that owns and repairs it.' },
        state: { type: 'String', from: 'BJZT', sharing: 'unconditional', sensitivity: 'internal', description: '完好, 破损 or 丢失.' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'conditional', sensitivity: 'sensitive', description: 'Exact position; manholes over utility lines are critical infrastructure.' },
        lastInspectedAt: { type: 'DateTime', from: 'XCSJ', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Grid', field: 'cityComponents', target: 'CityComponent', by: 'gridCode', listSize: 8 },
    { kind: 'ref', on: 'CityComponent', field: 'grid', target: 'Grid', from: 'gridCode' },
  ],
});
