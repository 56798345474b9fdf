import { defineConnector } from '../../define-connector.ts';

/** 公园名录: the parks and forestry bureau's register of parks, a UTF-8 CSV export refreshed daily. */
export default defineConnector({
  id: 'parks',
  names: { zh: '公园名录', en: 'Parks' },
  department: 'Parks and Forestry Bureau',
  domain: 'greening',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_PARKS_DIR',
    refreshSeconds: 86_400,
    files: { Park: { file: '公园名录.csv' } },
  },
  timeoutMs: 2_000,
  catalogue: {
    Park: {
      description: 'A public park: its grade, area, opening hours and admission.',
      key: 'parkId',
      jurisdiction: 'streetCode',
      filters: ['districtCode', 'streetCode', 'parkType', 'free'],
      fields: {
        parkId: { type: 'ID', from: '公园编号', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: '公园名称', sharing: 'open', sensitivity: 'public' },
        parkType: { type: 'String', from: '公园类型', sharing: 'open', sensitivity: 'public', description: '综合公园, 社区公园, 专类公园 or 口袋公园.' },
        address: { type: 'String', from: '地址', sharing: 'open', sensitivity: 'public' },
        location: { type: 'GeoPoint', from: { lat: '纬度', lng: '经度' }, sharing: 'open', sensitivity: 'public' },
        areaHectares: { type: 'Float', from: '面积_公顷', sharing: 'open', sensitivity: 'public' },
        openingHours: { type: 'String', from: '开放时间', sharing: 'open', sensitivity: 'public' },
        free: { type: 'Boolean', from: '是否免费', sharing: 'open', sensitivity: 'public' },
        openAllDay: { type: 'Boolean', from: '是否24小时开放', sharing: 'open', sensitivity: 'public' },
        officePhone: { type: 'String', from: '管理处电话', sharing: 'open', sensitivity: 'public', description: 'The park office’s public line, not a person’s.' },
        manager: { type: 'String', from: '管理单位', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: '区代码', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: '街道代码', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'parks', target: 'Park', by: 'streetCode', listSize: 3 },
    { kind: 'has', on: 'District', field: 'parks', target: 'Park', by: 'districtCode', listSize: 14 },
  ],
});
