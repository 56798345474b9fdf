import type { SimulatorSpec } from '../simulator-spec.ts';

/** Civil affairs' community-worker API: `{ code, msg, data: { total, rows } }`, pages of at most 500. */
const spec: SimulatorSpec = {
  id: 'community-workers',
  kind: 'rest',
  resources: (model) => [
    {
      path: '/api/v1/gzry/list',
      rows: model.workers.map((w) => ({
        RYID: w.workerId,
        RY_XM: w.name,
        LXDH: w.phone,
        GW_MC: w.role,
        SSJD_DM: w.streetCode,
        SSSQ_DM: w.communityCode,
        ZG_BZ: w.onDuty ? 1 : 0,
      })),
      filters: { ryid: 'RYID', jddm: 'SSJD_DM', sqdm: 'SSSQ_DM', zgbz: 'ZG_BZ' },
      within: { param: 'xzqh', field: 'SSSQ_DM' },
      pageParam: 'pageNo',
      sizeParam: 'pageSize',
      maxPageSize: 500,
      envelope: (rows, total, page) => ({ code: 0, msg: '操作成功', data: { total, pageNo: page, rows } }),
    },
  ],
};

export default spec;
