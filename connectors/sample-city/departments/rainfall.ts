import { defineConnector } from '../../define-connector.ts';

/** 降雨实况与短临预报: the meteorological bureau's rain gauges and 0–3 h forecasts (open data API). */
export default defineConnector({
  id: 'rainfall',
  names: { zh: '降雨实况与短临预报', en: 'Rainfall observations and nowcasts' },
  department: 'Meteorological Bureau',
  domain: 'meteorology',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_RAINFALL_URL',
    resources: {
      RainfallObservation: {
        path: '/openapi/qx/yljc',
        itemsPath: 'result.items',
        params: { stationId: 'zh', districtCode: 'qxdm', streetCode: 'jddm' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'pn', sizeParam: 'ps', pageSize: 200, totalPath: 'result.count' },
      },
      RainfallForecast: {
        path: '/openapi/qx/dlyb',
        itemsPath: 'result.items',
        params: { forecastId: 'ybid', districtCode: 'qxdm' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'pn', sizeParam: 'ps', pageSize: 200, totalPath: 'result.count' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 60,
  catalogue: {
    RainfallObservation: {
      description: 'The latest observation of a rain gauge (雨量站), one per street.',
      key: 'stationId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode'],
      fields: {
        stationId: { type: 'ID', from: 'zh', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'zm', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'open', sensitivity: 'public' },
        hourlyMm: { type: 'Float', from: 'xsyl', sharing: 'open', sensitivity: 'public', description: 'Rain in the last hour, mm.' },
        last24hMm: { type: 'Float', from: 'rlj', sharing: 'open', sensitivity: 'public', description: 'Rain in the last 24 hours, mm.' },
        observedAt: { type: 'DateTime', from: 'gcsj', sharing: 'open', sensitivity: 'public' },
      },
    },
    RainfallForecast: {
      description: 'A short-term (短临) precipitation forecast for a district, one per lead hour.',
      key: 'forecastId',
      jurisdiction: 'districtCode',
      filters: ['districtCode'],
      fields: {
        forecastId: { type: 'ID', from: 'ybid', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'open', sensitivity: 'public' },
        leadHours: { type: 'Int', from: 'ybsx', sharing: 'open', sensitivity: 'public' },
        validFrom: { type: 'DateTime', from: 'kssj', sharing: 'open', sensitivity: 'public' },
        validTo: { type: 'DateTime', from: 'jssj', sharing: 'open', sensitivity: 'public' },
        precipitationMm: { type: 'Float', from: 'jsl', sharing: 'open', sensitivity: 'public' },
        probability: { type: 'Int', from: 'gl', sharing: 'open', sensitivity: 'public', description: 'Probability of precipitation, percent.' },
        category: { type: 'String', from: 'yldj', sharing: 'open', sensitivity: 'public', description: '小雨, 中雨, 大雨, 暴雨 or 大暴雨.' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'rainfallObservations', target: 'RainfallObservation', by: 'streetCode', listSize: 1 },
    { kind: 'has', on: 'District', field: 'rainfallObservations', target: 'RainfallObservation', by: 'districtCode', listSize: 6 },
    { kind: 'has', on: 'District', field: 'rainfallForecasts', target: 'RainfallForecast', by: 'districtCode', listSize: 3 },
    { kind: 'ref', on: 'RainfallObservation', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
