import { muckTrafficOf } from '../muck-traffic.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacySoapOperation } from '../soap-simulator.ts';

const NS = 'http://jj.example.gov.cn/kkgl';

/** The traffic police's checkpoint service: passages (过车记录) and checkpoints (卡口), SOAP 1.1. */
const spec: SimulatorSpec = {
  id: 'traffic-checkpoints',
  kind: 'soap',
  service: (model) => {
    const traffic = muckTrafficOf(model);
    return {
      service: 'KkglService',
      namespace: NS,
      operations: <LegacySoapOperation[]>[
        {
          operation: 'QueryGcjl',
          soapAction: `${NS}/QueryGcjl`,
          requestElement: 'QueryGcjlRequest',
          responseElement: 'QueryGcjlResponse',
          resultElement: 'return',
          rowElement: 'gcjl',
          filters: { gcxh: 'gcxh', hphm: 'hphm', kkbh: 'kkbh', ldbh: 'ldbh', jddm: 'jddm' },
          within: { element: 'xzqh', field: 'jddm' },
          rows: traffic.passages.map((p) => ({
            gcxh: p.passageId,
            hphm: p.plate,
            kkbh: p.checkpointId,
            xzqh: p.districtCode,
            jddm: p.streetCode,
            gcsj: p.passedAt,
            clsd: p.speedKmh,
            xsfx: p.direction,
            ldbh: p.manifestNo,
            sfhzlx: p.onApprovedRoute === null ? null : p.onApprovedRoute ? '1' : '0',
          })),
        },
        {
          operation: 'QueryKkxx',
          soapAction: `${NS}/QueryKkxx`,
          requestElement: 'QueryKkxxRequest',
          responseElement: 'QueryKkxxResponse',
          resultElement: 'return',
          rowElement: 'kkxx',
          filters: { kkbh: 'kkbh', jddm: 'jddm' },
          within: { element: 'xzqh', field: 'jddm' },
          listSeparator: ',',
          rows: traffic.checkpoints.map((c) => ({ kkbh: c.checkpointId, kkmc: c.name, xzqh: c.districtCode, jddm: c.streetCode, wd: c.lat, jd: c.lng, cds: c.lanes })),
        },
      ],
    };
  },
};

export default spec;
