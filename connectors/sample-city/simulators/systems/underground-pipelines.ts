import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { systemSeed } from '../system-seed.ts';

const KINDS: ReadonlyArray<readonly [code: string, name: string, owner: string]> = [
  ['JS', '给水', '城投水务集团'],
  ['PS', '排水', '城投水务集团'],
  ['RQ', '燃气', '燃气集团'],
  ['DL', '电力', '市电力公司'],
  ['TX', '通信', '信息管线公司'],
  ['RL', '热力', '能源集团'],
];

/** Planning and natural resources' pipeline survey export: UTF-8, pinyin headers, `|`-separated, four lines per street. */
const spec: SimulatorSpec = {
  id: 'underground-pipelines',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(systemSeed(model, 'underground-pipelines'));
    const rows = model.streets.flatMap((street) =>
      [0, 1, 2, 3].map((n) => {
        const [code, name, owner] = random.pick(KINDS);
        return {
          GXBH: `GX${street.code.slice(4)}${code}${n + 1}`,
          GXLB: name,
          QSDW: owner,
          SSQX: street.districtCode,
          SSJD: street.code,
          MS: +(0.8 + random.next() * 5).toFixed(2),
          GJ: random.pick([100, 200, 300, 500, 800, 1200]),
          CD: +(100 + random.next() * 900).toFixed(1),
          YL: code === 'RQ' ? random.pick(['低压', '中压', '次高压']) : '',
          QD_WD: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          QD_JD: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
          MSNF: random.int(1970, 2024),
        };
      }),
    );
    return [{ name: 'dxgx.csv', delimiter: '|', columns: Object.keys(rows[0]!), rows }];
  },
};

export default spec;
