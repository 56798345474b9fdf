import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const INDUSTRY: Readonly<Record<string, string>> = { manufacturing: '通用设备制造', catering: '餐饮服务', construction: '房屋建筑施工' };
const INSPECTIONS = ['合格', '合格', '合格', '限期整改', '立案查处'];
const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The ecology bureau's permit service (`QueryPwxk`, document/literal): every manufacturer holds a
 * permit, and about a third of the caterers and builders (登记管理) too.
 */
const spec: SimulatorSpec = {
  id: 'pollution-permits',
  kind: 'soap',
  service: (model) => {
    const random = createRandom(model.seed ^ 0x9e11);
    const rows = model.enterprises
      .filter((e) => e.kind === 'manufacturing' || ((e.kind === 'catering' || e.kind === 'construction') && random.chance(0.35)))
      .map((enterprise, index) => {
        const category = enterprise.kind === 'manufacturing' ? (random.chance(0.3) ? '重点管理' : '简化管理') : '登记管理';
        const year = random.int(2019, 2025);
        const status = year + 5 < 2026 ? '过期' : random.chance(0.05) ? '注销' : '有效';
        return {
          XKZBH: `${enterprise.creditCode}${String(index + 1).padStart(3, '0')}P`,
          TYSHXYDM: enterprise.creditCode,
          DWMC: enterprise.name,
          HYLB: INDUSTRY[enterprise.kind]!,
          GLLB: category,
          WRWZL: enterprise.kind === 'catering' ? '废气' : enterprise.kind === 'construction' ? '废水,扬尘' : '废水,废气',
          COD_XKL: category === '登记管理' ? null : Math.round(random.next() * 500) / 10,
          PFKS: random.int(1, 6),
          FZRQ: `${year}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`,
          YXQZ: `${year + 5}-12-31`,
          ZT: status,
          ZJJCJG: random.chance(0.7) ? random.pick(INSPECTIONS) : null,
          QXDM: enterprise.districtCode,
          JDDM: enterprise.streetCode,
        };
      });
    return {
      service: 'PwxkService',
      namespace: 'http://sthj.example.gov.cn/pwxk',
      operations: [
        {
          operation: 'QueryPwxk',
          soapAction: 'http://sthj.example.gov.cn/pwxk/QueryPwxk',
          requestElement: 'QueryPwxkRequest',
          responseElement: 'QueryPwxkResponse',
          resultElement: 'return',
          rowElement: 'pwxk',
          rows,
          filters: { xkzbh: 'XKZBH', tyshxydm: 'TYSHXYDM', jddm: 'JDDM', gllb: 'GLLB' },
          within: { element: 'xzqhdm', field: 'JDDM' },
        },
      ],
    };
  },
};

export default spec;
