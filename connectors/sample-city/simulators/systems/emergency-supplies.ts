import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { systemSeed } from '../system-seed.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '徐', '孙'];
const GIVEN = ['卫国', '海燕', '志明', '秀兰', '建军', '丽华'];

/** The emergency management bureau's reserve database: one legacy table, pinyin-initial columns, one depot per three streets. */
const spec: SimulatorSpec = {
  id: 'emergency-supplies',
  kind: 'sql',
  tables: (model) => {
    const random = createRandom(systemSeed(model, 'emergency-supplies'));
    const rows = model.streets
      .filter((_, index) => index % 3 === 0)
      .map((street) => ({
        CKBM: `CK${street.code.slice(4)}`,
        CKMC: `${street.name.replace('街道', '')}防汛物资仓库`,
        QXDM: street.districtCode,
        JDDM: street.code,
        WD: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        JD: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        SD_SL: random.int(500, 5_000),
        CSB_SL: random.int(2, 30),
        JSY_SL: random.int(50, 800),
        ZP_SL: random.int(10, 200),
        FZR_XM: random.pick(SURNAMES) + random.pick(GIVEN),
        FZR_DH: `13${random.int(5, 9)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
        GXSJ: `2026-06-${String(random.int(1, 28)).padStart(2, '0')} ${String(random.int(8, 17)).padStart(2, '0')}:00:00`,
      }));
    return [
      {
        name: 'T_YJ_WZCK',
        columns: {
          CKBM: 'TEXT', CKMC: 'TEXT', QXDM: 'TEXT', JDDM: 'TEXT', WD: 'REAL', JD: 'REAL', SD_SL: 'INTEGER', CSB_SL: 'INTEGER',
          JSY_SL: 'INTEGER', ZP_SL: 'INTEGER', FZR_XM: 'TEXT', FZR_DH: 'TEXT', GXSJ: 'TEXT',
        },
        indexes: ['CKBM', 'QXDM', 'JDDM'],
        rows,
      },
    ];
  },
};

export default spec;
