import { createHmac } from 'node:crypto';
import { createRandom, type Random } from './random.ts';

/**
 * The sample city: one deterministic model from which every simulated legacy system is
 * seeded, so that keys agree across departments (the resident in the elderly registry is
 * the resident in the population registry, under the same `personId`).
 *
 * The scale changes the volume, never the shape.
 */
export type CityScale = 'small' | 'city';

/** Volumes per scale. */
export const CITY_SCALES: Readonly<
  Record<
    CityScale,
    {
      streetsPerDistrict: number;
      communitiesPerStreet: number;
      gridsPerCommunity: number;
      residentsPerCommunity: number;
      buildingsPerCommunity: number;
      enterprisesPerStreet: number;
      privateCarsPerCommunity: number;
    }
  >
> = {
  small: { streetsPerDistrict: 6, communitiesPerStreet: 4, gridsPerCommunity: 3, residentsPerCommunity: 40, buildingsPerCommunity: 6, enterprisesPerStreet: 8, privateCarsPerCommunity: 10 },
  // At least 1 million residents and 100,000 buildings: 16 × 14 × 12 = 2,688 communities.
  city: { streetsPerDistrict: 14, communitiesPerStreet: 12, gridsPerCommunity: 6, residentsPerCommunity: 400, buildingsPerCommunity: 40, enterprisesPerStreet: 60, privateCarsPerCommunity: 100 },
};

/** The city's code: every district code starts with it. */
export const CITY_CODE = '3101';

const DISTRICTS: ReadonlyArray<readonly [code: string, zh: string, en: string, lng: number, lat: number]> = [
  ['310101', '黄浦区', 'Huangpu', 121.484, 31.232],
  ['310104', '徐汇区', 'Xuhui', 121.437, 31.188],
  ['310105', '长宁区', 'Changning', 121.424, 31.220],
  ['310106', '静安区', "Jing'an", 121.448, 31.229],
  ['310107', '普陀区', 'Putuo', 121.396, 31.249],
  ['310109', '虹口区', 'Hongkou', 121.505, 31.265],
  ['310110', '杨浦区', 'Yangpu', 121.526, 31.259],
  ['310112', '闵行区', 'Minhang', 121.381, 31.112],
  ['310113', '宝山区', 'Baoshan', 121.489, 31.405],
  ['310114', '嘉定区', 'Jiading', 121.265, 31.375],
  ['310115', '浦东新区', 'Pudong', 121.544, 31.221],
  ['310116', '金山区', 'Jinshan', 121.342, 30.741],
  ['310117', '松江区', 'Songjiang', 121.228, 31.032],
  ['310118', '青浦区', 'Qingpu', 121.124, 31.150],
  ['310120', '奉贤区', 'Fengxian', 121.474, 30.917],
  ['310151', '崇明区', 'Chongming', 121.397, 31.623],
];

const STREET_STEMS = ['南京西路', '静安寺', '江宁路', '石门二路', '曹家渡', '天目西路', '北站', '宝山路', '芷江西路', '共和新路', '大宁路', '彭浦新村', '临汾路', '彭浦镇'];
const COMMUNITY_STEMS = ['华山', '常德', '延中', '成都', '新福康里', '万春', '康乐', '三和', '景华', '和源', '明园', '安康'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭', '林', '何', '高', '罗', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '桂英', '建华', '国强', '玉兰', '志刚', '淑珍'];
const ROADS = ['愚园路', '常德路', '延安中路', '北京西路', '新闸路', '康定路', '昌平路', '西康路', '胶州路', '武定路'];
const PHONE_PREFIXES = ['138', '139', '135', '136', '137', '150', '151', '152', '158', '159', '186', '187', '188', '133', '153', '189'];

/** A district of the city. */
export interface District { code: string; nameZh: string; nameEn: string; lng: number; lat: number; population: number }
/** A street (街道) of a district. */
export interface Street { code: string; districtCode: string; name: string; lng: number; lat: number }
/** A community (社区/居委) of a street. */
export interface Community { code: string; streetCode: string; name: string }
/** A management grid of a community. */
export interface Grid { code: string; communityCode: string; streetCode: string; name: string; areaKm2: number; lng: number; lat: number }
/** A resident of the city. */
export interface Resident {
  personId: string;
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  phone: string;
  address: string;
  gridCode: string;
  communityCode: string;
  streetCode: string;
}
/** A resident registered by civil affairs as elderly. */
export interface Elderly { personId: string; livesAlone: boolean; careLevel: number; assignedWorkerId: string; registeredAt: string }
/** A community worker of civil affairs. */
export interface CommunityWorker { workerId: string; name: string; phone: string; role: string; streetCode: string; communityCode: string; onDuty: boolean }

/** What a building is used for. */
export type BuildingUse = 'residential' | 'office' | 'commercial' | 'public';

/** A building; `historic` ones are protected (三保卫士 vibration monitors watch them). */
export interface Building {
  buildingId: string;
  address: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  gridCode: string;
  lng: number;
  lat: number;
  floors: number;
  yearBuilt: number;
  use: BuildingUse;
  historic: boolean;
  /** 市级 or 区级 protection for historic buildings, `null` otherwise. */
  protectionLevel: string | null;
  /** The department that owns or manages the building. */
  ownerDepartment: string;
}

/** What an enterprise does. */
export type EnterpriseKind = 'construction' | 'transport' | 'manufacturing' | 'catering' | 'retail' | 'services';

/** A registered market entity, keyed by its unified social credit code. */
export interface Enterprise {
  creditCode: string;
  name: string;
  kind: EnterpriseKind;
  districtCode: string;
  streetCode: string;
  address: string;
  /** The legal representative, a resident of the city. */
  legalRepresentativeId: string;
  registeredAt: string;
}

/** What a vehicle is. */
export type VehicleKind = 'muck-truck' | 'enforcement' | 'sanitation' | 'pump-truck' | 'private';

/** A vehicle, keyed by its plate: the truck in the permit system is the truck at the checkpoint. */
export interface Vehicle {
  plate: string;
  kind: VehicleKind;
  districtCode: string;
  /** The owning enterprise (muck trucks), or `null`. */
  ownerCreditCode: string | null;
  /** The owning resident (private cars), or `null`. */
  ownerPersonId: string | null;
  /** The owning department (enforcement, sanitation, pump trucks), or `null`. */
  ownerDepartment: string | null;
}

/** A construction site run by a construction enterprise. */
export interface ConstructionSite {
  siteId: string;
  name: string;
  creditCode: string;
  districtCode: string;
  streetCode: string;
  gridCode: string;
  lng: number;
  lat: number;
  startedAt: string;
}

/** Everything the simulators are seeded from. */
export interface CityModel {
  readonly scale: CityScale;
  readonly seed: number;
  readonly districts: readonly District[];
  readonly streets: readonly Street[];
  readonly communities: readonly Community[];
  readonly grids: readonly Grid[];
  readonly residents: readonly Resident[];
  readonly elderly: readonly Elderly[];
  readonly workers: readonly CommunityWorker[];
  readonly buildings: readonly Building[];
  readonly enterprises: readonly Enterprise[];
  readonly vehicles: readonly Vehicle[];
  readonly constructionSites: readonly ConstructionSite[];
}

/** The seed of the sample city. */
export const DEFAULT_CITY_SEED = 20_261_129;

/** The key of the keyed hash that turns resident ID numbers into `personId`s. */
const PERSON_ID_KEY = 'cityhub-sample-city-person-key';

/** `personId`: a keyed hash of the resident ID number (the number itself is personal data). */
export function personIdOf(idNumber: string): string {
  return `P${createHmac('sha256', PERSON_ID_KEY).update(idNumber).digest('hex').slice(0, 23)}`;
}

/** The ISO 7064 MOD 11-2 check character of an 18-character resident ID number. */
export function idNumberCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return '10X98765432'[sum % 11]!;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function personName(random: Random): string {
  return random.pick(SURNAMES) + random.pick(GIVEN);
}

function phone(random: Random): string {
  return random.pick(PHONE_PREFIXES) + pad(random.int(0, 99_999_999), 8);
}

/** Builds the sample city at a scale. Same seed and scale, same city. */
export function createCityModel(options: { scale?: CityScale; seed?: number } = {}): CityModel {
  const scale = options.scale ?? 'small';
  const seed = options.seed ?? DEFAULT_CITY_SEED;
  const volume = CITY_SCALES[scale];
  if (!volume) throw new TypeError(`scale must be one of ${Object.keys(CITY_SCALES).join(', ')}, received ${JSON.stringify(scale)}`);
  const random = createRandom(seed);
  const districts: District[] = [];
  const streets: Street[] = [];
  const communities: Community[] = [];
  const grids: Grid[] = [];
  const residents: Resident[] = [];
  const elderly: Elderly[] = [];
  const workers: CommunityWorker[] = [];

  for (const [code, nameZh, nameEn, lng, lat] of DISTRICTS) {
    let population = 0;
    for (let s = 0; s < volume.streetsPerDistrict; s += 1) {
      // Street codes step by three (001, 004, …, 013, …), as real codes leave gaps.
      const streetCode = `${code}${pad(1 + s * 3, 3)}`;
      const street: Street = {
        code: streetCode,
        districtCode: code,
        name: `${STREET_STEMS[s % STREET_STEMS.length]}${s >= STREET_STEMS.length ? s : ''}街道`,
        lng: +(lng + (random.next() - 0.5) * 0.05).toFixed(6),
        lat: +(lat + (random.next() - 0.5) * 0.05).toFixed(6),
      };
      streets.push(street);
      for (let c = 0; c < volume.communitiesPerStreet; c += 1) {
        const communityCode = `${streetCode}${pad(c + 1, 3)}`;
        communities.push({ code: communityCode, streetCode, name: `${COMMUNITY_STEMS[c % COMMUNITY_STEMS.length]}${c >= COMMUNITY_STEMS.length ? c : ''}居委会` });
        const communityWorkers: CommunityWorker[] = [];
        for (let w = 0; w < 2; w += 1) {
          const worker: CommunityWorker = {
            workerId: `W${communityCode}${w + 1}`,
            name: personName(random),
            phone: phone(random),
            role: w === 0 ? '社区社工' : '助老员',
            streetCode,
            communityCode,
            onDuty: random.chance(0.85),
          };
          communityWorkers.push(worker);
          workers.push(worker);
        }
        for (let g = 0; g < volume.gridsPerCommunity; g += 1) {
          grids.push({
            code: `${communityCode}-${pad(g + 1, 2)}`,
            communityCode,
            streetCode,
            name: `${COMMUNITY_STEMS[c % COMMUNITY_STEMS.length]}第${g + 1}网格`,
            areaKm2: +(0.05 + random.next() * 0.3).toFixed(3),
            lng: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
            lat: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          });
        }
        for (let r = 0; r < volume.residentsPerCommunity; r += 1) {
          const old = random.chance(0.18);
          const year = old ? random.int(1927, 1956) : random.int(1957, 2024);
          const birthDate = `${year}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`;
          const gender = random.chance(0.5) ? 'M' : 'F';
          // The sequence's last digit is odd for men and even for women, as on real ID numbers.
          const sequence = random.int(0, 49) * 20 + (gender === 'M' ? 1 : 2) + random.int(0, 4) * 2;
          const first17 = `${code}${birthDate.replaceAll('-', '')}${pad(sequence % 1000, 3)}`;
          const idNumber = first17 + idNumberCheck(first17);
          const gridCode = `${communityCode}-${pad(random.int(1, volume.gridsPerCommunity), 2)}`;
          const resident: Resident = {
            personId: personIdOf(idNumber),
            idNumber,
            name: personName(random),
            gender,
            birthDate,
            phone: phone(random),
            address: `${nameZh}${random.pick(ROADS)}${random.int(1, 1500)}弄${random.int(1, 60)}号${random.int(1, 6)}0${random.int(1, 4)}室`,
            gridCode,
            communityCode,
            streetCode,
          };
          residents.push(resident);
          population += 1;
          if (year <= 1956 && random.chance(0.8)) {
            elderly.push({
              personId: resident.personId,
              livesAlone: random.chance(0.35),
              careLevel: random.int(1, 3),
              assignedWorkerId: random.pick(communityWorkers).workerId,
              registeredAt: `20${pad(random.int(15, 25), 2)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)} ${pad(random.int(8, 17), 2)}:${pad(random.int(0, 59), 2)}:00`,
            });
          }
        }
      }
    }
    districts.push({ code, nameZh, nameEn, lng, lat, population });
  }
  // The entities added after the first release draw from their own stream, so that adding
  // them changed none of the residents, elderly or workers generated above.
  const shared = createSharedEntities(createRandom(seed ^ 0x5f3759df), volume, { districts, streets, communities, grids, residents });
  return { scale, seed, districts, streets, communities, grids, residents, elderly, workers, ...shared };
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a unified social credit code (GB 32100-2015) from its first 17. */
export function creditCodeCheck(first17: string): string {
  const sum = [...first17].reduce((total, char, index) => total + USCC_CHARS.indexOf(char) * USCC_WEIGHTS[index]!, 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

const PLATE_LETTERS = 'ABCDEFGHJKLMN';
const PLATE_CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const ENTERPRISE_KINDS: readonly EnterpriseKind[] = ['construction', 'transport', 'manufacturing', 'catering', 'retail', 'services'];
const ENTERPRISE_SUFFIX: Readonly<Record<EnterpriseKind, string>> = {
  construction: '建设工程有限公司',
  transport: '渣土运输有限公司',
  manufacturing: '制造有限公司',
  catering: '餐饮管理有限公司',
  retail: '商贸有限公司',
  services: '物业服务有限公司',
};
const FIRM_STEMS = ['申城', '浦江', '沪宁', '东方', '华亭', '静安', '徐汇', '长江', '金桥', '新华', '明珠', '锦绣'];

function createSharedEntities(
  random: Random,
  volume: (typeof CITY_SCALES)[CityScale],
  base: Pick<CityModel, 'districts' | 'streets' | 'communities' | 'grids' | 'residents'>,
): Pick<CityModel, 'buildings' | 'enterprises' | 'vehicles' | 'constructionSites'> {
  const buildings: Building[] = [];
  const enterprises: Enterprise[] = [];
  const vehicles: Vehicle[] = [];
  const constructionSites: ConstructionSite[] = [];
  const plates = new Set<string>();
  const plate = (prefix = '') => {
    for (;;) {
      let value = `沪${prefix || PLATE_LETTERS[random.int(0, PLATE_LETTERS.length - 1)]}`;
      while (value.length < 7) value += PLATE_CHARS[random.int(0, PLATE_CHARS.length - 1)];
      if (!plates.has(value)) {
        plates.add(value);
        return value;
      }
    }
  };
  const streetsById = new Map(base.streets.map((s) => [s.code, s]));
  const gridsByCommunity = new Map<string, string[]>();
  for (const grid of base.grids) gridsByCommunity.set(grid.communityCode, [...(gridsByCommunity.get(grid.communityCode) ?? []), grid.code]);
  const districtName = new Map(base.districts.map((d) => [d.code, d.nameZh]));

  for (const community of base.communities) {
    const street = streetsById.get(community.streetCode)!;
    const districtCode = street.districtCode;
    const grids = gridsByCommunity.get(community.code)!;
    for (let b = 0; b < volume.buildingsPerCommunity; b += 1) {
      const historic = random.chance(0.04);
      const use: BuildingUse = historic ? random.pick(['residential', 'public', 'office'] as const) : random.pick(['residential', 'residential', 'residential', 'office', 'commercial', 'public'] as const);
      buildings.push({
        buildingId: `B${community.code}${pad(b + 1, 3)}`,
        address: `${districtName.get(districtCode)}${random.pick(ROADS)}${random.int(1, 1500)}号`,
        districtCode,
        streetCode: street.code,
        communityCode: community.code,
        gridCode: random.pick(grids),
        lng: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        lat: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        floors: historic ? random.int(2, 6) : random.int(3, 33),
        yearBuilt: historic ? random.int(1900, 1949) : random.int(1950, 2024),
        use,
        historic,
        protectionLevel: historic ? random.pick(['市级', '区级']) : null,
        ownerDepartment: historic || use === 'public' ? 'Housing Administration' : use === 'residential' ? 'Residents Committee' : 'Private Owner',
      });
    }
    for (let v = 0; v < volume.privateCarsPerCommunity; v += 1) {
      vehicles.push({ plate: plate(), kind: 'private', districtCode, ownerCreditCode: null, ownerPersonId: random.pick(base.residents).personId, ownerDepartment: null });
    }
  }

  let organisation = 0;
  for (const street of base.streets) {
    for (let e = 0; e < volume.enterprisesPerStreet; e += 1) {
      // Every street has a construction firm and a transport firm; the rest vary.
      const kind = e === 0 ? 'construction' : e === 1 ? 'transport' : random.pick(ENTERPRISE_KINDS);
      organisation += 1;
      const first17 = `91${street.districtCode}${pad(organisation, 8)}${PLATE_CHARS[random.int(0, 9)]}`;
      const creditCode = first17 + creditCodeCheck(first17);
      enterprises.push({
        creditCode,
        name: `上海${random.pick(FIRM_STEMS)}${random.pick(FIRM_STEMS)}${ENTERPRISE_SUFFIX[kind]}`,
        kind,
        districtCode: street.districtCode,
        streetCode: street.code,
        address: `${districtName.get(street.districtCode)}${random.pick(ROADS)}${random.int(1, 1500)}号`,
        legalRepresentativeId: random.pick(base.residents).personId,
        registeredAt: `${random.int(1995, 2024)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`,
      });
      if (kind === 'transport') {
        for (let t = 0; t < 5; t += 1) {
          vehicles.push({ plate: plate('D'), kind: 'muck-truck', districtCode: street.districtCode, ownerCreditCode: creditCode, ownerPersonId: null, ownerDepartment: null });
        }
      }
    }
    for (let v = 0; v < 3; v += 1) {
      vehicles.push({ plate: plate(), kind: 'sanitation', districtCode: street.districtCode, ownerCreditCode: null, ownerPersonId: null, ownerDepartment: 'Sanitation Authority' });
    }
  }

  for (const district of base.districts) {
    for (let v = 0; v < 6; v += 1) {
      vehicles.push({ plate: plate(), kind: 'enforcement', districtCode: district.code, ownerCreditCode: null, ownerPersonId: null, ownerDepartment: 'City Management Enforcement' });
    }
    for (let v = 0; v < 4; v += 1) {
      vehicles.push({ plate: plate(), kind: 'pump-truck', districtCode: district.code, ownerCreditCode: null, ownerPersonId: null, ownerDepartment: 'Water Authority' });
    }
    const builders = enterprises.filter((e) => e.kind === 'construction' && e.districtCode === district.code);
    const districtStreets = base.streets.filter((s) => s.districtCode === district.code);
    for (let c = 0; c < Math.max(4, districtStreets.length / 2); c += 1) {
      const street = districtStreets[c % districtStreets.length]!;
      const community = base.communities.find((candidate) => candidate.streetCode === street.code)!;
      constructionSites.push({
        siteId: `CS${district.code}${pad(c + 1, 3)}`,
        name: `${street.name.replace('街道', '')}${random.pick(['商业综合体', '住宅', '地铁站', '学校', '医院'])}项目`,
        creditCode: random.pick(builders).creditCode,
        districtCode: district.code,
        streetCode: street.code,
        gridCode: random.pick(gridsByCommunity.get(community.code)!),
        lng: +(street.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        lat: +(street.lat + (random.next() - 0.5) * 0.01).toFixed(6),
        startedAt: `20${pad(random.int(22, 26), 2)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`,
      });
    }
  }
  return { buildings, enterprises, vehicles, constructionSites };
}
