import { createRandom } from '../random.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** The reported months. */
const MONTHS = ['2026-08', '2026-09', '2026-10'];
/** Typical monthly consumption by kind of enterprise, kWh. */
const BASE_KWH: Readonly<Record<string, number>> = { manufacturing: 180_000, construction: 60_000, transport: 25_000, catering: 12_000, retail: 9_000, services: 15_000 };

/**
 * The grid company's open API, `{ head: { code, msg }, body: { count, items } }` with
 * `page`/`rows` paging (at most 1,000 a page): one account per enterprise, three months each.
 */
const spec: SimulatorSpec = {
  id: 'enterprise-power',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => {
    const random = createRandom(model.seed ^ 0x9017e);
    const rows = model.enterprises.flatMap((enterprise, index) => {
      const account = `31${String(index + 1).padStart(8, '0')}`;
      const base = BASE_KWH[enterprise.kind]! * (0.5 + random.next());
      const contract = Math.round(base / 200) * 10;
      return MONTHS.map((month) => {
        const kwh = Math.round(base * (0.85 + random.next() * 0.3));
        return {
          ID: `${account}-${month}`,
          HH: account,
          TYSHXYDM: enterprise.creditCode,
          TJYF: month,
          YDL: kwh,
          FSYDL: Math.round(kwh * (0.3 + random.next() * 0.2)),
          TBZZ: Math.round((random.next() - 0.4) * 300) / 10,
          HTRL: contract,
          QXDM: enterprise.districtCode,
          JDDM: enterprise.streetCode,
        };
      });
    });
    return [
      {
        path: '/sgcc/open/v2/qyyd',
        rows,
        filters: { id: 'ID', uscc: 'TYSHXYDM', street: 'JDDM', ym: 'TJYF' },
        within: { param: 'area', field: 'JDDM' },
        pageParam: 'page',
        sizeParam: 'rows',
        maxPageSize: 1_000,
        envelope: (items, count) => ({ head: { code: '0', msg: 'ok' }, body: { count, items } }),
      },
    ];
  },
};

export default spec;
