import type { CityModel } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** A school of the education commission's list. */
export interface ListedSchool {
  readonly schoolCode: string;
  readonly name: string;
  readonly stage: '幼儿园' | '小学' | '初中' | '九年一贯制' | '高中';
  readonly ownership: '公办' | '民办';
  readonly address: string;
  readonly phone: string;
  readonly enrolment: number;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly lat: number;
  readonly lng: number;
}

/** The columns of the commission's GBK export, in order. */
export const SCHOOL_COLUMNS = ['学校标识码', '学校名称', '办学类型', '办别', '地址', '联系电话', '在校生数', '所属区', '所属街道', '纬度', '经度'];

const STAGES = ['幼儿园', '小学', '小学', '初中', '九年一贯制', '高中'] as const;
const STAGE_SUFFIX: Readonly<Record<ListedSchool['stage'], string>> = { 幼儿园: '幼儿园', 小学: '小学', 初中: '中学', 九年一贯制: '学校', 高中: '高级中学' };
const ROADS = ['愚园路', '常德路', '延安中路', '北京西路', '新闸路', '康定路', '昌平路', '西康路', '胶州路', '武定路'];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * The schools of a city model: two to four per street, named after the street, each with a
 * 10-digit school identification code (学校标识码: `3` + district digits + sequence).
 */
export function schoolsOf(model: CityModel): readonly ListedSchool[] {
  const random = createRandom(seedOf('schools', model.seed));
  const districts = new Map(model.districts.map((d) => [d.code, d.nameZh]));
  const schools: ListedSchool[] = [];
  const perDistrict = new Map<string, number>();
  for (const street of model.streets) {
    const count = random.int(2, 4);
    const stem = street.name.replace(/街道$/, '');
    for (let index = 0; index < count; index += 1) {
      const stage = random.pick(STAGES);
      const sequence = (perDistrict.get(street.districtCode) ?? 0) + 1;
      perDistrict.set(street.districtCode, sequence);
      const ownership = random.chance(0.85) ? '公办' : '民办';
      schools.push({
        schoolCode: `3${street.districtCode.slice(2)}${pad(sequence, 3)}`,
        name: `上海市${districts.get(street.districtCode)}${stem}${index > 0 ? ['第一', '第二', '第三', '实验'][index - 1] : ''}${STAGE_SUFFIX[stage]}`,
        stage,
        ownership,
        address: `${districts.get(street.districtCode)}${random.pick(ROADS)}${random.int(1, 1500)}号`,
        phone: `021-${random.int(5000, 6999)}${pad(random.int(0, 9999), 4)}`,
        enrolment: stage === '幼儿园' ? random.int(120, 400) : random.int(400, 2200),
        districtCode: street.districtCode,
        streetCode: street.code,
        lat: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        lng: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
      });
    }
  }
  return schools;
}

/** The education commission's monthly export of its school list: one GBK CSV with Chinese headers. */
const spec: SimulatorSpec = {
  id: 'schools',
  kind: 'csv',
  files: (model) => [
    {
      name: '学校名录.csv',
      encoding: 'gbk',
      columns: SCHOOL_COLUMNS,
      rows: schoolsOf(model).map((s) => ({
        学校标识码: s.schoolCode,
        学校名称: s.name,
        办学类型: s.stage,
        办别: s.ownership,
        地址: s.address,
        联系电话: s.phone,
        在校生数: s.enrolment,
        所属区: s.districtCode,
        所属街道: s.streetCode,
        纬度: s.lat,
        经度: s.lng,
      })),
    },
  ],
};

export default spec;
