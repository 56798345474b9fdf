import { defineConnector } from '../../define-connector.ts';

const NS = 'http://zjw.example.gov.cn/gdgl';

/** 建设工地管理: the construction sites registered with the Housing and Construction Commission, over SOAP. */
export default defineConnector({
  id: 'construction-sites',
  names: { zh: '建设工地管理', en: 'Construction sites' },
  department: 'Housing and Construction Commission',
  domain: 'housing',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_CONSTRUCTION_SITES_URL',
    namespace: NS,
    operations: {
      ConstructionSite: {
        operation: 'QueryGdxx',
        soapAction: `${NS}/QueryGdxx`,
        requestElement: 'QueryGdxxRequest',
        params: { siteId: 'gdbh', creditCode: 'sgdwxydm', streetCode: 'jddm', districtCode: 'qxdm' },
        withinParam: 'xzqhdm',
        rowsPath: 'QueryGdxxResponse.return.gdxx',
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 600,
  catalogue: {
    ConstructionSite: {
      description: 'A construction site (建设工地) and the firm that builds it.',
      key: 'siteId',
      jurisdiction: 'gridCode',
      filters: ['creditCode', 'districtCode', 'streetCode', 'status'],
      fields: {
        siteId: { type: 'ID', from: 'gdbh', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'gdmc', sharing: 'open', sensitivity: 'public' },
        creditCode: { type: 'ID', from: 'sgdwxydm', sharing: 'open', sensitivity: 'public', description: 'Unified social credit code of the building contractor.' },
        constructionPermitNo: { type: 'String', from: 'sgxkzh', sharing: 'open', sensitivity: 'public', description: '施工许可证号.' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'open', sensitivity: 'public' },
        gridCode: { type: 'AdminCode', from: 'wgbm', sharing: 'unconditional', sensitivity: 'internal' },
        location: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'open', sensitivity: 'public' },
        startedAt: { type: 'DateTime', from: 'kgrq', sharing: 'open', sensitivity: 'public' },
        status: { type: 'String', from: 'gdzt', sharing: 'open', sensitivity: 'public', description: '在建, 停工 or 竣工.' },
        areaM2: { type: 'Int', from: 'jzmj', sharing: 'unconditional', sensitivity: 'internal' },
        managerName: { type: 'String', from: 'xmjl', sharing: 'unconditional', sensitivity: 'personal', mask: 'name', description: 'The project manager (项目经理).' },
        managerPhone: { type: 'String', from: 'xmjldh', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'ConstructionSite', field: 'builder', target: 'Enterprise', from: 'creditCode' },
    { kind: 'ref', on: 'ConstructionSite', field: 'street', target: 'Street', from: 'streetCode' },
    { kind: 'has', on: 'Enterprise', field: 'constructionSites', target: 'ConstructionSite', by: 'creditCode', listSize: 3 },
    { kind: 'has', on: 'Street', field: 'constructionSites', target: 'ConstructionSite', by: 'streetCode', listSize: 1 },
  ],
});
