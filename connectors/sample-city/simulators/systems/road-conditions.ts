import { MUCK_TRAFFIC_DAY } from '../muck-traffic.ts';
import { seedOf } from '../seed-of.ts';
import { createRandom } from '../random.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const ROADS = ['延安高架路', '南北高架路', '中山北路', '共和新路', '愚园路', '常德路', '北京西路', '新闸路', '江宁路', '长寿路', '武宁路', '大渡河路'];
const CLASSES = [
  { name: '快速路', limit: 80 },
  { name: '主干路', limit: 60 },
  { name: '次干路', limit: 50 },
  { name: '支路', limit: 40 },
];
const LEVELS: ReadonlyArray<readonly [number, string]> = [[2, '畅通'], [4, '基本畅通'], [6, '轻度拥堵'], [8, '中度拥堵'], [Infinity, '严重拥堵']];
/** Hours the index is published for. */
const HOURS = Array.from({ length: 13 }, (_, i) => 7 + i);

/** The congestion level of a TPI value (GB/T 33171 bands). */
export function congestionLevel(tpi: number): string {
  return LEVELS.find(([upper]) => tpi < upper)![1];
}

/** The transport commission's open traffic API: `{ code: 200, data: { count, list } }`, pages of at most 500. */
const spec: SimulatorSpec = {
  id: 'road-conditions',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => {
    const random = createRandom(seedOf('road-conditions', model.seed));
    const segments = model.streets.flatMap((street, s) =>
      Array.from({ length: 3 }, (_, k) => {
        const roadClass = random.pick(CLASSES);
        return {
          ldbm: `LD${street.code}${k + 1}`,
          ldmc: `${ROADS[(s + k * 5) % ROADS.length]}(${street.name.replace('街道', '')}段)`,
          dldj: roadClass.name,
          qxdm: street.districtCode,
          jddm: street.code,
          cd: +(0.4 + random.next() * 2.6).toFixed(2),
          xs: roadClass.limit,
          wd: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          jd: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
          busy: random.next(),
        };
      }),
    );
    const indexes = segments.flatMap((segment) =>
      HOURS.map((hour) => {
        const peak = hour === 8 || hour === 17 || hour === 18 ? 3.5 : hour === 7 || hour === 9 || hour === 19 ? 1.8 : 0;
        const tpi = Math.min(9.9, +(0.8 + segment.busy * 2.5 + peak * segment.busy * 1.4 + random.next() * 0.8).toFixed(1));
        return {
          zsbh: `${segment.ldbm}-${String(hour).padStart(2, '0')}`,
          ldbm: segment.ldbm,
          xzqh: segment.qxdm,
          jddm: segment.jddm,
          sd: `${String(hour).padStart(2, '0')}:00`,
          tpi,
          djmc: congestionLevel(tpi),
          pjsd: +Math.max(5, segment.xs * (1 - tpi / 11)).toFixed(1),
          fbsj: `${MUCK_TRAFFIC_DAY} ${String(hour).padStart(2, '0')}:05:00`,
        };
      }),
    );
    const envelope = (rows: readonly unknown[], total: number, page: number) => ({ code: 200, message: 'success', data: { count: total, page, list: rows } });
    return [
      {
        path: '/jtw/openapi/road/segments',
        rows: segments.map(({ busy: _busy, ...row }) => row),
        filters: { ldbm: 'ldbm', jddm: 'jddm', qxdm: 'qxdm' },
        within: { param: 'xzqh', field: 'jddm' },
        pageParam: 'page',
        sizeParam: 'rows',
        maxPageSize: 500,
        envelope,
      },
      {
        path: '/jtw/openapi/road/tpi',
        rows: indexes,
        filters: { zsbh: 'zsbh', ldbm: 'ldbm', sd: 'sd', djmc: 'djmc' },
        within: { param: 'xzqh', field: 'jddm' },
        pageParam: 'page',
        sizeParam: 'rows',
        maxPageSize: 500,
        envelope,
      },
    ];
  },
};

export default spec;
