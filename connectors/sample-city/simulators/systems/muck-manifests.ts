import { muckTrafficOf } from '../muck-traffic.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** City appearance's manifest API: `{ success, result: { total, current, records } }`, pages of at most 200. */
const spec: SimulatorSpec = {
  id: 'muck-manifests',
  kind: 'rest',
  resources: (model) => {
    const traffic = muckTrafficOf(model);
    return [
      {
        path: '/ztgl/api/ldxx/drlb',
        rows: traffic.trips.map((t) => ({
          ldbh: t.manifestNo,
          cphm: t.plate,
          zyzh: t.permitNo,
          gdbh: t.siteId,
          qxdm: t.districtCode,
          jddm: t.streetCode,
          ywrq: traffic.day,
          cfsmsj: t.departedAt,
          ddsmsj: t.arrivedAt,
          xncmc: t.disposalSite,
          ysfl: t.volumeM3,
          ldzt: t.arrivedAt ? '已消纳' : '运输中',
        })),
        filters: { ldbh: 'ldbh', cphm: 'cphm', zyzh: 'zyzh', gdbh: 'gdbh', ldzt: 'ldzt' },
        within: { param: 'qhdm', field: 'jddm' },
        pageParam: 'current',
        sizeParam: 'size',
        maxPageSize: 200,
        envelope: (rows, total, page) => ({ success: true, code: '0000', message: 'ok', result: { total, current: page, records: rows } }),
      },
    ];
  },
};

export default spec;
