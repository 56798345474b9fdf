import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const NS = 'http://scjg.sh.gov.cn/spaq/jcxx';
const FINDINGS = ['从业人员健康证过期', '冷藏食品温度超标', '未落实进货查验', '餐具消毒不到位', '防鼠设施缺失'];
const INSPECTORS = ['赵敏', '钱进', '孙丽', '李海', '周洁', '吴涛'];

/**
 * Market regulation's inspection service (SOAP 1.2, pinyin element names, a batch of keys
 * joined by commas in one element): one to three inspections a year of every catering and
 * retail business of the city model.
 */
const spec: SimulatorSpec = {
  id: 'food-safety',
  kind: 'soap',
  service: (model) => {
    const random = createRandom(seedOf('food-safety', model.seed));
    const rows: Record<string, string | number | null>[] = [];
    for (const e of model.enterprises) {
      if (e.kind !== 'catering' && e.kind !== 'retail') continue;
      const visits = random.int(1, 3);
      for (let v = 0; v < visits; v += 1) {
        const score = random.int(55, 100);
        const result = score >= 85 ? '符合' : score >= 70 ? '基本符合' : '不符合';
        const month = random.int(1, 12);
        rows.push({
          JCBH: `SPJC${e.creditCode.slice(-10)}${v + 1}`,
          TYSHXYDM: e.creditCode,
          QYMC: e.name,
          JCRQ: `2025-${String(month).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
          JCJG: result,
          DF: score,
          WTMS: result === '符合' ? null : random.pick(FINDINGS),
          ZGQX: result === '不符合' ? `2026-${String(Math.min(12, month + 1)).padStart(2, '0')}-15` : null,
          JCRY: random.pick(INSPECTORS),
          QXDM: e.districtCode,
          JDDM: e.streetCode,
        });
      }
    }
    return {
      service: 'SpaqJcxxService',
      namespace: NS,
      operations: [
        {
          operation: 'CxJcjl',
          soapAction: `${NS}/CxJcjl`,
          requestElement: 'CxJcjlQingqiu',
          responseElement: 'CxJcjlXiangying',
          resultElement: 'JcjlLb',
          rowElement: 'Jcjl',
          rows,
          filters: { JCBH: 'JCBH', TYSHXYDM: 'TYSHXYDM', JDDM: 'JDDM' },
          within: { element: 'XZQHDM', field: 'JDDM' },
          listSeparator: ',',
        },
      ],
    };
  },
};

export default spec;
