import { defineConnector } from '../../define-connector.ts';

/**
 * 渣土电子联单: the day's QR-scanned trip manifests of muck trucks (scanned at the site gate
 * on departure and at the disposal site on arrival), from city appearance's paged REST API.
 * The legacy API serves the current business day; older manifests live in its archive.
 */
export default defineConnector({
  id: 'muck-manifests',
  names: { zh: '渣土电子联单', en: 'Muck trip manifests' },
  department: 'Greening and City Appearance Bureau',
  domain: 'city-management',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_MUCK_MANIFESTS_URL',
    headersFromEnv: { 'x-app-token': 'CITYHUB_MUCK_MANIFESTS_TOKEN' },
    resources: {
      MuckTrip: {
        path: '/ztgl/api/ldxx/drlb',
        itemsPath: 'result.records',
        params: { manifestNo: 'ldbh', plate: 'cphm', permitNo: 'zyzh', siteId: 'gdbh', status: 'ldzt' },
        withinParam: 'qhdm',
        pagination: { style: 'page', pageParam: 'current', sizeParam: 'size', pageSize: 200, totalPath: 'result.total' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 30,
  catalogue: {
    MuckTrip: {
      description: "One trip of a muck truck on today's electronic manifest (电子联单).",
      key: 'manifestNo',
      jurisdiction: 'streetCode',
      filters: ['plate', 'permitNo', 'siteId', 'status'],
      fields: {
        manifestNo: { type: 'ID', from: 'ldbh', sharing: 'unconditional', sensitivity: 'internal' },
        plate: { type: 'ID', from: 'cphm', sharing: 'unconditional', sensitivity: 'internal' },
        permitNo: { type: 'ID', from: 'zyzh', sharing: 'unconditional', sensitivity: 'internal' },
        siteId: { type: 'ID', from: 'gdbh', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'unconditional', sensitivity: 'internal' },
        tripDate: { type: 'String', from: 'ywrq', sharing: 'unconditional', sensitivity: 'internal', description: 'The business day, YYYY-MM-DD.' },
        departedAt: { type: 'DateTime', from: 'cfsmsj', sharing: 'unconditional', sensitivity: 'internal', description: 'QR code scanned at the site gate.' },
        arrivedAt: { type: 'DateTime', from: 'ddsmsj', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'QR code scanned at the disposal site; null while on the way.' },
        disposalSite: { type: 'String', from: 'xncmc', sharing: 'unconditional', sensitivity: 'internal' },
        volumeM3: { type: 'Float', from: 'ysfl', sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'ldzt', sharing: 'unconditional', sensitivity: 'internal', description: '运输中 or 已消纳.' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'MuckTruck', onKey: 'plate', field: 'tripsToday', target: 'MuckTrip', by: 'plate', listSize: 4 },
    { kind: 'has', on: 'MuckPermit', onKey: 'permitNo', field: 'tripsToday', target: 'MuckTrip', by: 'permitNo', listSize: 12 },
    { kind: 'has', on: 'ConstructionSite', onKey: 'siteId', field: 'muckTripsToday', target: 'MuckTrip', by: 'siteId', listSize: 21 },
    { kind: 'ref', on: 'MuckTrip', field: 'truck', target: 'MuckTruck', from: 'plate', targetKey: 'plate' },
    { kind: 'ref', on: 'MuckTrip', field: 'vehicle', target: 'Vehicle', from: 'plate' },
  ],
});
