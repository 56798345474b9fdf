import { defineConnector } from '../../define-connector.ts';

const NS = 'http://jj.example.gov.cn/kkgl';

/**
 * 交警卡口过车记录: the traffic police's checkpoints and the passages they record, over SOAP.
 * Muck trucks are under surveillance (布控): a passage within a trip carries the trip's
 * manifest number and whether the checkpoint lies on the permit's approved route.
 */
export default defineConnector({
  id: 'traffic-checkpoints',
  names: { zh: '交警卡口过车记录', en: 'Traffic checkpoints' },
  department: 'Traffic Police',
  domain: 'transport',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_TRAFFIC_CHECKPOINTS_URL',
    namespace: NS,
    operations: {
      VehiclePassage: {
        operation: 'QueryGcjl',
        soapAction: `${NS}/QueryGcjl`,
        requestElement: 'QueryGcjlRequest',
        params: { passageId: 'gcxh', plate: 'hphm', checkpointId: 'kkbh', manifestNo: 'ldbh', streetCode: 'jddm' },
        withinParam: 'xzqh',
        rowsPath: 'QueryGcjlResponse.return.gcjl',
      },
      TrafficCheckpoint: {
        operation: 'QueryKkxx',
        soapAction: `${NS}/QueryKkxx`,
        requestElement: 'QueryKkxxRequest',
        params: { checkpointId: 'kkbh', streetCode: 'jddm' },
        listSeparator: ',',
        withinParam: 'xzqh',
        rowsPath: 'QueryKkxxResponse.return.kkxx',
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 30,
  catalogue: {
    VehiclePassage: {
      description: 'A vehicle recorded passing a checkpoint (过车记录). Enforcement data: shared under agreement.',
      key: 'passageId',
      jurisdiction: 'streetCode',
      filters: ['plate', 'checkpointId', 'manifestNo', 'onApprovedRoute', 'streetCode'],
      fields: {
        passageId: { type: 'ID', from: 'gcxh', sharing: 'unconditional', sensitivity: 'sensitive' },
        plate: { type: 'ID', from: 'hphm', sharing: 'conditional', sensitivity: 'sensitive' },
        checkpointId: { type: 'ID', from: 'kkbh', sharing: 'unconditional', sensitivity: 'sensitive' },
        districtCode: { type: 'AdminCode', from: 'xzqh', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'unconditional', sensitivity: 'internal' },
        passedAt: { type: 'DateTime', from: 'gcsj', sharing: 'conditional', sensitivity: 'sensitive' },
        speedKmh: { type: 'Int', from: 'clsd', sharing: 'conditional', sensitivity: 'sensitive' },
        direction: { type: 'String', from: 'xsfx', sharing: 'conditional', sensitivity: 'sensitive' },
        manifestNo: { type: 'ID', from: 'ldbh', nullable: true, sharing: 'conditional', sensitivity: 'sensitive', description: 'The muck trip manifest the passage falls within.' },
        onApprovedRoute: { type: 'Boolean', from: 'sfhzlx', nullable: true, sharing: 'conditional', sensitivity: 'sensitive', description: 'For a muck trip: whether the checkpoint is on the approved route.' },
      },
    },
    TrafficCheckpoint: {
      description: 'A traffic-police checkpoint (卡口). Locations are sensitive.',
      key: 'checkpointId',
      jurisdiction: 'streetCode',
      filters: ['streetCode', 'districtCode'],
      fields: {
        checkpointId: { type: 'ID', from: 'kkbh', sharing: 'unconditional', sensitivity: 'internal' },
        name: { type: 'String', from: 'kkmc', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'xzqh', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'jddm', sharing: 'unconditional', sensitivity: 'internal' },
        location: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'conditional', sensitivity: 'sensitive' },
        lanes: { type: 'Int', from: 'cds', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Vehicle', field: 'passages', target: 'VehiclePassage', by: 'plate', listSize: 12 },
    { kind: 'has', on: 'MuckTrip', onKey: 'manifestNo', field: 'passages', target: 'VehiclePassage', by: 'manifestNo', listSize: 3 },
    { kind: 'has', on: 'TrafficCheckpoint', field: 'passages', target: 'VehiclePassage', by: 'checkpointId', listSize: 45 },
    { kind: 'ref', on: 'VehiclePassage', field: 'checkpoint', target: 'TrafficCheckpoint', from: 'checkpointId' },
    { kind: 'ref', on: 'VehiclePassage', field: 'vehicle', target: 'Vehicle', from: 'plate' },
    { kind: 'has', on: 'Street', field: 'trafficCheckpoints', target: 'TrafficCheckpoint', by: 'streetCode', listSize: 2 },
  ],
});
