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
export const CITY_SCALES: Readonly<Record<CityScale, { streetsPerDistrict: number; communitiesPerStreet: number; gridsPerCommunity: number; residentsPerCommunity: number }>> = {
  small: { streetsPerDistrict: 6, communitiesPerStreet: 4, gridsPerCommunity: 3, residentsPerCommunity: 40 },
  city: { streetsPerDistrict: 14, communitiesPerStreet: 12, gridsPerCommunity: 6, residentsPerCommunity: 400 },
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
  return { scale, seed, districts, streets, communities, grids, residents, elderly, workers };
}
