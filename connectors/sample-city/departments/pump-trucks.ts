import { defineConnector } from '../../define-connector.ts';

/**
 * 防汛泵车调度: the water authority's pump-truck dispatch system (REST). Besides the trucks'
 * GPS positions it serves the dispatch system's own nearest-truck recommendation per
 * waterlogging sensor, so "nearest pump trucks" is data the department computes, not logic
 * in the hub: `WaterloggingSensor.nearestPumpTrucks`.
 */
export default defineConnector({
  id: 'pump-trucks',
  names: { zh: '防汛泵车调度', en: 'Flood pump-truck dispatch' },
  department: 'Water Authority',
  domain: 'water',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_PUMP_TRUCKS_URL',
    headersFromEnv: { 'x-fxbc-token': 'CITYHUB_PUMP_TRUCKS_TOKEN' },
    resources: {
      PumpTruck: {
        path: '/fxbc/cl',
        itemsPath: 'data.list',
        params: { plate: 'cphm', districtCode: 'ssqx', streetCode: 'dqjd', status: 'zt' },
        withinParam: 'qhdm',
        pagination: { style: 'page', pageParam: 'pageIndex', sizeParam: 'pageSize', pageSize: 100, totalPath: 'data.totalCount' },
      },
      PumpTruckRecommendation: {
        path: '/fxbc/tj',
        itemsPath: 'data.list',
        params: { recommendationId: 'tjid', sensorId: 'cgqbh', plate: 'cphm' },
        withinParam: 'qhdm',
        pagination: { style: 'page', pageParam: 'pageIndex', sizeParam: 'pageSize', pageSize: 500, totalPath: 'data.totalCount' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 0,
  catalogue: {
    PumpTruck: {
      description: 'A flood-control pump truck (防汛泵车) of a district, with its GPS position.',
      key: 'plate',
      jurisdiction: 'districtCode',
      filters: ['districtCode', 'streetCode', 'status'],
      fields: {
        plate: { type: 'ID', from: 'cphm', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'ssqx', sharing: 'unconditional', sensitivity: 'internal', description: 'The district that owns the truck.' },
        streetCode: { type: 'AdminCode', from: 'dqjd', sharing: 'unconditional', sensitivity: 'internal', description: 'The street the truck is in now.' },
        location: { type: 'GeoPoint', from: { lat: 'gps_wd', lng: 'gps_jd' }, sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'zt', sharing: 'unconditional', sensitivity: 'internal', description: '待命, 作业中 or 转场.' },
        capacityM3h: { type: 'Int', from: 'psl', sharing: 'unconditional', sensitivity: 'internal', description: 'Pumping capacity, m³/h.' },
        crewLeader: { type: 'String', from: 'dz_xm', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
        crewPhone: { type: 'String', from: 'dz_dh', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        reportedAt: { type: 'DateTime', from: 'sbsj', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    PumpTruckRecommendation: {
      description: 'One of the pump trucks nearest a waterlogging sensor, ranked by distance by the dispatch system.',
      key: 'recommendationId',
      jurisdiction: 'sensorStreetCode',
      filters: ['sensorId', 'plate'],
      fields: {
        recommendationId: { type: 'ID', from: 'tjid', sharing: 'unconditional', sensitivity: 'internal' },
        sensorId: { type: 'ID', from: 'cgqbh', sharing: 'unconditional', sensitivity: 'internal' },
        sensorStreetCode: { type: 'AdminCode', from: 'cgq_jd', sharing: 'unconditional', sensitivity: 'internal' },
        rank: { type: 'Int', from: 'xh', sharing: 'unconditional', sensitivity: 'internal', description: '1 for the nearest.' },
        plate: { type: 'ID', from: 'cphm', sharing: 'unconditional', sensitivity: 'internal' },
        distanceKm: { type: 'Float', from: 'jl', sharing: 'unconditional', sensitivity: 'internal' },
        etaMinutes: { type: 'Int', from: 'yjsj', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'WaterloggingSensor', onKey: 'sensorId', field: 'nearestPumpTrucks', target: 'PumpTruckRecommendation', by: 'sensorId', description: 'The pump trucks nearest this sensor, nearest first.', listSize: 3 },
    { kind: 'ref', on: 'PumpTruckRecommendation', field: 'pumpTruck', target: 'PumpTruck', from: 'plate' },
    { kind: 'has', on: 'District', field: 'pumpTrucks', target: 'PumpTruck', by: 'districtCode', listSize: 4 },
    { kind: 'has', on: 'Vehicle', field: 'pumpTruck', target: 'PumpTruck', by: 'plate', list: false },
    { kind: 'ref', on: 'PumpTruck', field: 'vehicle', target: 'Vehicle', from: 'plate' },
    { kind: 'ref', on: 'PumpTruck', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
