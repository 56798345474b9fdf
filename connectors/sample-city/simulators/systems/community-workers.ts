import { elderlyHomes } from '../elderly-homes.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const envelope = (rows: unknown, total: number, page: number) => ({ code: 0, msg: '操作成功', data: { total, pageNo: page, rows } });

/**
 * Civil affairs' community-worker API: `{ code, msg, data: { total, rows } }`, pages of at most
 * 500; workers at `/api/v1/gzry/list`, and the home visits (上门核实) dispatched to the alarms of
 * the elderly-sensors system at `/api/v1/smhs/list` (same alarm ids: both derive from
 * `elderlyHomes(model)`).
 */
const spec: SimulatorSpec = {
  id: 'community-workers',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => [
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
      envelope,
    },
    {
      path: '/api/v1/smhs/list',
      rows: elderlyHomes(model).visits.map((v) => ({
        HSID: v.visitId,
        BJBH: v.alarmId,
        LNRBS: v.personId,
        RYID: v.workerId,
        PDSJ: v.dispatchedAt,
        DDSJ: v.arrivedAt,
        CZJG: v.outcome,
        HSQK: v.notes,
        JDDM: v.streetCode,
        SQDM: v.communityCode,
        WGBM: v.gridCode,
      })),
      filters: { hsid: 'HSID', bjbh: 'BJBH', ryid: 'RYID', rybs: 'LNRBS', jddm: 'JDDM' },
      within: { param: 'xzqh', field: 'WGBM' },
      pageParam: 'pageNo',
      sizeParam: 'pageSize',
      maxPageSize: 500,
      envelope,
    },
  ],
};

export default spec;
