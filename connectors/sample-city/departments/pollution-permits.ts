import { defineConnector } from '../../define-connector.ts';

/**
 * 排污许可: the ecology bureau's discharge permits, from its SOAP service; each permit holder
 * is a registered enterprise, so the permits extend `Enterprise` by its credit code.
 */
export default defineConnector({
  id: 'pollution-permits',
  names: { zh: '排污许可', en: 'Discharge permits' },
  department: 'Ecology and Environment Bureau',
  domain: 'environment',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_POLLUTION_PERMITS_URL',
    namespace: 'http://sthj.example.gov.cn/pwxk',
    operations: {
      DischargePermit: {
        operation: 'QueryPwxk',
        soapAction: 'http://sthj.example.gov.cn/pwxk/QueryPwxk',
        requestElement: 'QueryPwxkRequest',
        params: { permitNo: 'xkzbh', creditCode: 'tyshxydm', streetCode: 'jddm', category: 'gllb' },
        withinParam: 'xzqhdm',
        rowsPath: 'QueryPwxkResponse.return.pwxk',
      },
    },
  },
  timeoutMs: 4_000,
  cacheTtlSeconds: 3_600,
  catalogue: {
    DischargePermit: {
      description: 'A pollutant discharge permit (排污许可证) held by an enterprise.',
      key: 'permitNo',
      jurisdiction: 'streetCode',
      filters: ['creditCode', 'streetCode', 'category', 'status'],
      fields: {
        permitNo: { type: 'ID', from: 'XKZBH', sharing: 'open', sensitivity: 'public' },
        creditCode: { type: 'ID', from: 'TYSHXYDM', sharing: 'open', sensitivity: 'public' },
        holderName: { type: 'String', from: 'DWMC', sharing: 'open', sensitivity: 'public' },
        industry: { type: 'String', from: 'HYLB', sharing: 'open', sensitivity: 'public' },
        category: { type: 'String', from: 'GLLB', sharing: 'open', sensitivity: 'public', description: '重点管理, 简化管理 or 登记管理.' },
        pollutants: { type: 'String', from: 'WRWZL', sharing: 'open', sensitivity: 'public', description: 'Permitted pollutants, such as 废水,废气.' },
        codLimitTons: { type: 'Float', from: 'COD_XKL', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'Annual chemical-oxygen-demand allowance, tonnes.' },
        outlets: { type: 'Int', from: 'PFKS', sharing: 'unconditional', sensitivity: 'internal', description: 'Discharge outlets; their locations stay with the bureau.' },
        issuedAt: { type: 'String', from: 'FZRQ', sharing: 'open', sensitivity: 'public' },
        validUntil: { type: 'String', from: 'YXQZ', sharing: 'open', sensitivity: 'public' },
        status: { type: 'String', from: 'ZT', sharing: 'open', sensitivity: 'public', description: '有效, 注销 or 过期.' },
        lastInspection: { type: 'String', from: 'ZJJCJG', nullable: true, sharing: 'unconditional', sensitivity: 'sensitive', description: 'Result of the latest enforcement inspection.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Enterprise', field: 'dischargePermits', target: 'DischargePermit', by: 'creditCode', listSize: 1 },
    { kind: 'ref', on: 'DischargePermit', field: 'enterprise', target: 'Enterprise', from: 'creditCode' },
    { kind: 'has', on: 'Street', field: 'dischargePermits', target: 'DischargePermit', by: 'streetCode', listSize: 5 },
  ],
});
