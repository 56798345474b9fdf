import { defineConnector } from '../../define-connector.ts';

const NS = 'http://qx.example.gov.cn/yjxh';

/** 气象预警信号: the meteorological bureau's warning signals in force, from its SOAP service. */
export default defineConnector({
  id: 'weather-warnings',
  names: { zh: '气象预警信号', en: 'Weather warning signals' },
  department: 'Meteorological Bureau',
  domain: 'meteorology',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_WEATHER_WARNINGS_URL',
    namespace: NS,
    operations: {
      WeatherWarning: {
        operation: 'GetYjxh',
        soapAction: `${NS}/GetYjxh`,
        requestElement: 'GetYjxhRequest',
        params: { warningId: 'xhbh', districtCode: 'qxdm', hazard: 'zhlx' },
        withinParam: 'xzqhdm',
        rowsPath: 'GetYjxhResponse.return.yjxh',
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 60,
  catalogue: {
    WeatherWarning: {
      description: 'A weather warning signal (预警信号) in force for a district.',
      key: 'warningId',
      jurisdiction: 'districtCode',
      filters: ['districtCode', 'hazard'],
      fields: {
        warningId: { type: 'ID', from: 'xhbh', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'open', sensitivity: 'public' },
        hazard: { type: 'String', from: 'zhlx', sharing: 'open', sensitivity: 'public', description: '暴雨, 大风, 雷电…' },
        level: { type: 'String', from: 'yjjb', sharing: 'open', sensitivity: 'public', description: '蓝色, 黄色, 橙色 or 红色.' },
        issuedAt: { type: 'DateTime', from: 'fbsj', sharing: 'open', sensitivity: 'public' },
        expiresAt: { type: 'DateTime', from: 'jcsj', sharing: 'open', sensitivity: 'public' },
        text: { type: 'String', from: 'yjnr', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'District', field: 'weatherWarnings', target: 'WeatherWarning', by: 'districtCode', listSize: 2 },
    { kind: 'ref', on: 'WeatherWarning', field: 'district', target: 'District', from: 'districtCode' },
  ],
});
