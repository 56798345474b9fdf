import { defineConnector } from '../../define-connector.ts';

/**
 * 空气质量监测站: the ecology bureau's automatic air-quality stations publishing hourly
 * readings on MQTT, and the monitoring platform's district AQI (the mean of a district's
 * stations), published on its own topic the way the bureau releases district rankings.
 */
export default defineConnector({
  id: 'air-quality',
  names: { zh: '空气质量监测站', en: 'Air-quality monitoring stations' },
  department: 'Ecology and Environment Bureau',
  domain: 'environment',
  source: {
    kind: 'mqtt',
    endpointEnv: 'CITYHUB_AIR_QUALITY_MQTT',
    topics: {
      AirQualityStation: {
        topic: 'city/env/air/+/realtime',
        topicFields: { ZDBH: 3 },
        alarm: { above: { AQI: 200 } },
        readingsField: 'airQualityReadings',
        alarmsField: 'airPollutionAlarms',
      },
      DistrictAirQuality: {
        topic: 'city/env/air/district/+/hourly',
        topicFields: { QXDM: 4 },
        readingsField: 'districtAirQualityUpdates',
      },
    },
  },
  timeoutMs: 2_000,
  catalogue: {
    AirQualityStation: {
      description: 'The latest hourly reading of an automatic air-quality monitoring station.',
      key: 'stationId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'grade'],
      fields: {
        stationId: { type: 'ID', from: 'ZDBH', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: 'ZDMC', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: 'WD', lng: 'JD' }, sharing: 'open', sensitivity: 'public' },
        aqi: { type: 'Int', from: 'AQI', sharing: 'open', sensitivity: 'public', description: 'Air quality index (HJ 633-2012).' },
        grade: { type: 'String', from: 'KQZLDJ', sharing: 'open', sensitivity: 'public', description: '优, 良, 轻度污染, 中度污染, 重度污染 or 严重污染.' },
        primaryPollutant: { type: 'String', from: 'SYWRW', nullable: true, sharing: 'open', sensitivity: 'public' },
        pm25: { type: 'Float', from: 'PM25', sharing: 'open', sensitivity: 'public', description: 'µg/m³.' },
        pm10: { type: 'Float', from: 'PM10', sharing: 'open', sensitivity: 'public', description: 'µg/m³.' },
        o3: { type: 'Float', from: 'O3', sharing: 'open', sensitivity: 'public', description: 'µg/m³.' },
        no2: { type: 'Float', from: 'NO2', sharing: 'open', sensitivity: 'public', description: 'µg/m³.' },
        measuredAt: { type: 'DateTime', from: 'JCSJ', sharing: 'open', sensitivity: 'public' },
      },
    },
    DistrictAirQuality: {
      description: 'The platform’s hourly AQI of a district: the rounded mean of its stations’ AQI for the same hour.',
      key: 'districtCode',
      jurisdiction: 'districtCode',
      fields: {
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        aqi: { type: 'Int', from: 'AQI', sharing: 'open', sensitivity: 'public' },
        grade: { type: 'String', from: 'KQZLDJ', sharing: 'open', sensitivity: 'public' },
        stationCount: { type: 'Int', from: 'ZDS', sharing: 'open', sensitivity: 'public' },
        measuredAt: { type: 'DateTime', from: 'JCSJ', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'District', field: 'airQuality', target: 'DistrictAirQuality', by: 'districtCode', list: false },
    { kind: 'has', on: 'District', field: 'airQualityStations', target: 'AirQualityStation', by: 'districtCode', listSize: 2 },
    { kind: 'ref', on: 'AirQualityStation', field: 'street', target: 'Street', from: 'streetCode' },
  ],
});
