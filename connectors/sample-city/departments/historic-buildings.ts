import { defineConnector } from '../../define-connector.ts';

/**
 * 历史保护建筑: the housing administration's register of protected historic buildings
 * (优秀历史建筑名录), a GBK CSV export with Chinese headers, refreshed by a nightly job.
 */
export default defineConnector({
  id: 'historic-buildings',
  names: { zh: '历史保护建筑', en: 'Historic buildings' },
  department: 'Housing Administration',
  domain: 'housing',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_HISTORIC_BUILDINGS_DIR',
    encoding: 'gbk',
    files: { HistoricBuilding: { file: '优秀历史建筑名录.csv' } },
    refreshSeconds: 3_600,
  },
  timeoutMs: 3_000,
  catalogue: {
    HistoricBuilding: {
      description: 'A protected historic building (优秀历史建筑): its listing and who looks after it.',
      key: 'buildingId',
      jurisdiction: 'gridCode',
      filters: ['protectionLevel', 'districtCode', 'streetCode', 'communityCode'],
      fields: {
        buildingId: { type: 'ID', from: '建筑编号', sharing: 'open', sensitivity: 'public' },
        name: { type: 'String', from: '建筑名称', sharing: 'open', sensitivity: 'public' },
        protectionLevel: { type: 'String', from: '保护级别', sharing: 'open', sensitivity: 'public', description: '市级 (city) or 区级 (district) protection.' },
        listedBatch: { type: 'String', from: '公布批次', sharing: 'open', sensitivity: 'public' },
        yearBuilt: { type: 'Int', from: '建成年份', sharing: 'open', sensitivity: 'public' },
        originalUse: { type: 'String', from: '原用途', sharing: 'open', sensitivity: 'public' },
        currentUse: { type: 'String', from: '现用途', sharing: 'open', sensitivity: 'public' },
        custodian: { type: 'String', from: '管理单位', sharing: 'unconditional', sensitivity: 'internal', description: 'The unit that looks after the building.' },
        districtCode: { type: 'AdminCode', from: '区代码', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: '街道代码', sharing: 'open', sensitivity: 'public' },
        communityCode: { type: 'AdminCode', from: '社区代码', sharing: 'open', sensitivity: 'public' },
        gridCode: { type: 'AdminCode', from: '网格编码', sharing: 'unconditional', sensitivity: 'internal' },
        address: { type: 'String', from: '地址', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'HistoricBuilding', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'has', on: 'Building', field: 'historicListing', target: 'HistoricBuilding', by: 'buildingId', list: false },
    { kind: 'has', on: 'Street', field: 'historicBuildings', target: 'HistoricBuilding', by: 'streetCode', listSize: 5 },
  ],
});
