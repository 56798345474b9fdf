import type { CityModel } from '../city-model.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** One government service (政务服务事项) as the city defines it, before each district implements it. */
export interface ServiceTemplate {
  readonly code: string;
  readonly name: string;
  readonly department: string;
  readonly category: '行政许可' | '行政确认' | '行政给付' | '公共服务';
  readonly legalDays: number;
  readonly promisedDays: number;
  /** Approved in seconds (秒批): the materials are verified from departments' data, nothing is uploaded. */
  readonly secondsApproval: boolean;
  /** The departmental systems a seconds approval verifies the applicant against. */
  readonly verifiedAgainst: readonly string[];
  readonly materials: number;
}

/** The city's service list (a selection of the 2,312): each district implements every item. */
export const SERVICE_TEMPLATES: readonly ServiceTemplate[] = [
  { code: '0101', name: '居住证办理', department: 'Public Security Bureau', category: '行政确认', legalDays: 15, promisedDays: 7, secondsApproval: false, verifiedAgainst: [], materials: 4 },
  { code: '0102', name: '新生儿出生登记', department: 'Public Security Bureau', category: '行政确认', legalDays: 10, promisedDays: 1, secondsApproval: false, verifiedAgainst: [], materials: 3 },
  { code: '0103', name: '户口迁移(投靠)', department: 'Public Security Bureau', category: '行政确认', legalDays: 30, promisedDays: 15, secondsApproval: false, verifiedAgainst: [], materials: 6 },
  { code: '0201', name: '公共租赁住房申请', department: 'Housing Administration', category: '公共服务', legalDays: 20, promisedDays: 5, secondsApproval: true, verifiedAgainst: ['population-registry', 'social-insurance', 'property-registry'], materials: 0 },
  { code: '0202', name: '廉租住房租金补贴申请', department: 'Housing Administration', category: '行政给付', legalDays: 30, promisedDays: 10, secondsApproval: true, verifiedAgainst: ['population-registry', 'social-insurance', 'property-registry'], materials: 0 },
  { code: '0301', name: '灵活就业人员社保登记', department: 'Human Resources and Social Security', category: '行政确认', legalDays: 15, promisedDays: 3, secondsApproval: true, verifiedAgainst: ['population-registry', 'social-insurance'], materials: 0 },
  { code: '0302', name: '失业保险金申领', department: 'Human Resources and Social Security', category: '行政给付', legalDays: 15, promisedDays: 5, secondsApproval: true, verifiedAgainst: ['population-registry', 'social-insurance'], materials: 0 },
  { code: '0303', name: '职工退休申请', department: 'Human Resources and Social Security', category: '行政确认', legalDays: 30, promisedDays: 10, secondsApproval: false, verifiedAgainst: [], materials: 5 },
  { code: '0401', name: '义务教育阶段入学信息登记', department: 'Education Commission', category: '公共服务', legalDays: 30, promisedDays: 20, secondsApproval: true, verifiedAgainst: ['population-registry', 'property-registry'], materials: 0 },
  { code: '0501', name: '企业设立登记', department: 'Market Regulation', category: '行政许可', legalDays: 15, promisedDays: 1, secondsApproval: true, verifiedAgainst: ['population-registry', 'business-registry'], materials: 0 },
  { code: '0502', name: '食品经营许可', department: 'Market Regulation', category: '行政许可', legalDays: 20, promisedDays: 5, secondsApproval: false, verifiedAgainst: [], materials: 7 },
  { code: '0601', name: '高龄老人医疗护理补贴', department: 'Civil Affairs Bureau', category: '行政给付', legalDays: 20, promisedDays: 5, secondsApproval: true, verifiedAgainst: ['population-registry', 'social-insurance'], materials: 0 },
  { code: '0602', name: '最低生活保障申请', department: 'Civil Affairs Bureau', category: '行政给付', legalDays: 30, promisedDays: 20, secondsApproval: false, verifiedAgainst: [], materials: 8 },
  { code: '0701', name: '不动产登记资料查询', department: 'Planning and Natural Resources', category: '公共服务', legalDays: 5, promisedDays: 1, secondsApproval: true, verifiedAgainst: ['population-registry', 'property-registry'], materials: 0 },
  { code: '0702', name: '存量房转移登记', department: 'Planning and Natural Resources', category: '行政确认', legalDays: 30, promisedDays: 5, secondsApproval: false, verifiedAgainst: [], materials: 6 },
  { code: '0801', name: '户外招牌设置备案', department: 'Greening and City Appearance Bureau', category: '行政许可', legalDays: 20, promisedDays: 5, secondsApproval: false, verifiedAgainst: [], materials: 4 },
];

/** One district's implementation of a service (实施清单), keyed by its implementation code. */
export interface ServiceImplementation extends ServiceTemplate {
  readonly implementationCode: string;
  readonly districtCode: string;
}

/** Every district's implementation of every service of the list. */
export function serviceImplementationsOf(model: CityModel): readonly ServiceImplementation[] {
  return model.districts.flatMap((district) =>
    SERVICE_TEMPLATES.map((template) => ({ ...template, implementationCode: `SS${district.code}${template.code}`, districtCode: district.code })),
  );
}

/**
 * The big data centre's service list API (事项目录): `{ resultCode, resultMsg, result: { totalCount, pageIndex, list } }`,
 * pages of at most 200, an empty verification list as `null`.
 */
const spec: SimulatorSpec = {
  id: 'service-catalogue',
  kind: 'rest',
  resources: (model) => [
    {
      path: '/zwfw/api/sxml/page',
      rows: serviceImplementationsOf(model).map((s) => ({
        ssbm: s.implementationCode,
        sxbm: s.code,
        sxmc: s.name,
        ssbmmc: s.department,
        sxlx: s.category,
        fdsx: s.legalDays,
        cnsx: s.promisedDays,
        sfmp: s.secondsApproval,
        hcsj: s.verifiedAgainst.length > 0 ? s.verifiedAgainst.join(',') : null,
        clsl: s.materials,
        qhdm: s.districtCode,
      })),
      filters: { ssbm: 'ssbm', sxbm: 'sxbm', qhdm: 'qhdm', sxlx: 'sxlx' },
      within: { param: 'xzqh', field: 'qhdm' },
      pageParam: 'pageIndex',
      sizeParam: 'pageSize',
      maxPageSize: 200,
      envelope: (rows, total, page) => ({ resultCode: '0000', resultMsg: '成功', result: { totalCount: total, pageIndex: page, list: rows } }),
    },
  ],
};

export default spec;
