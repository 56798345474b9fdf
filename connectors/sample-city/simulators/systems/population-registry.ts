import type { CityModel, Resident } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

/** One household of the population register, derived from the city model. */
export interface RegisteredHousehold {
  readonly householdId: string;
  readonly headPersonId: string;
  readonly householdType: '家庭户' | '集体户';
  readonly communityCode: string;
  readonly streetCode: string;
  readonly address: string;
  readonly establishedAt: string;
  /** Members, head first, with their relation to the head. */
  readonly members: ReadonlyArray<{ readonly personId: string; readonly relation: string }>;
}

/** One person of the population register: the model's resident plus what only the police record. */
export interface RegisteredPerson {
  readonly resident: Resident;
  readonly householdId: string;
  readonly relation: string;
  readonly residenceType: '户籍人口' | '来沪人员';
  readonly registeredAt: string;
}

/** The population register derived from a city model. */
export interface PopulationRegister {
  readonly households: readonly RegisteredHousehold[];
  readonly people: ReadonlyMap<string, RegisteredPerson>;
}

const registers = new WeakMap<CityModel, PopulationRegister>();

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

// Private: the relation of a member to the head, from their birth dates.
function relationOf(head: Resident, member: Resident, hasSpouse: boolean): string {
  const gap = Number(member.birthDate.slice(0, 4)) - Number(head.birthDate.slice(0, 4));
  if (!hasSpouse && Math.abs(gap) <= 12 && member.gender !== head.gender) return '配偶';
  if (gap >= 18) return '子女';
  if (gap <= -18) return '父母';
  return '其他';
}

/**
 * The population register of a city model: every resident is registered in exactly one
 * household of their community. Elderly people the civil affairs registry records as living
 * alone are one-person households; the others are grouped in households of one to five,
 * headed by the eldest member. Deterministic: same model, same register (memoised per model).
 *
 * ```ts
 * const { households, people } = populationRegisterOf(model);
 * people.get(personId)!.householdId;
 * ```
 */
export function populationRegisterOf(model: CityModel): PopulationRegister {
  const cached = registers.get(model);
  if (cached) return cached;
  const random = createRandom(seedOf('population-registry', model.seed));
  const alone = new Set(model.elderly.filter((e) => e.livesAlone).map((e) => e.personId));
  const byCommunity = new Map<string, Resident[]>();
  for (const resident of model.residents) {
    const list = byCommunity.get(resident.communityCode);
    if (list) list.push(resident);
    else byCommunity.set(resident.communityCode, [resident]);
  }
  const households: RegisteredHousehold[] = [];
  const people = new Map<string, RegisteredPerson>();
  for (const [communityCode, residents] of byCommunity) {
    let number = 0;
    const close = (group: Resident[]) => {
      number += 1;
      const ordered = [...group].sort((a, b) => a.birthDate.localeCompare(b.birthDate) || a.personId.localeCompare(b.personId));
      const head = ordered[0]!;
      const householdId = `H${communityCode}${pad(number, 4)}`;
      let hasSpouse = false;
      const members = ordered.map((member, index) => {
        const relation = index === 0 ? '户主' : relationOf(head, member, hasSpouse);
        if (relation === '配偶') hasSpouse = true;
        return { personId: member.personId, relation };
      });
      const establishedAt = `${random.int(1985, 2024)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)} 09:${pad(random.int(0, 59), 2)}:00`;
      households.push({
        householdId,
        headPersonId: head.personId,
        householdType: group.length > 1 || !random.chance(0.1) ? '家庭户' : '集体户',
        communityCode,
        streetCode: head.streetCode,
        address: head.address,
        establishedAt,
        members,
      });
      for (const member of members) {
        people.set(member.personId, {
          resident: ordered.find((r) => r.personId === member.personId)!,
          householdId,
          relation: member.relation,
          residenceType: random.chance(0.78) ? '户籍人口' : '来沪人员',
          registeredAt: establishedAt,
        });
      }
    };
    let group: Resident[] = [];
    let size = random.int(1, 5);
    for (const resident of residents) {
      if (alone.has(resident.personId)) {
        close([resident]);
        continue;
      }
      group.push(resident);
      if (group.length >= size) {
        close(group);
        group = [];
        size = random.int(1, 5);
      }
    }
    if (group.length > 0) close(group);
  }
  const register = { households, people };
  registers.set(model, register);
  return register;
}

/** The public security bureau's population database: people and households, pinyin-initial columns, GB/T code names. */
const spec: SimulatorSpec = {
  id: 'population-registry',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const { households, people } = populationRegisterOf(model);
    return [
      {
        name: 'T_RK_SYRK_JBXX',
        columns: {
          RYBS: 'TEXT', XM: 'TEXT', GMSFHM: 'TEXT', XBMC: 'TEXT', CSRQ: 'TEXT', LXDH: 'TEXT', XZZ_DZMC: 'TEXT', RKLB: 'TEXT',
          HH: 'TEXT', YHZGX: 'TEXT', JDDM: 'TEXT', SQDM: 'TEXT', WGBM: 'TEXT', DJSJ: 'TEXT',
        },
        indexes: ['RYBS', 'HH', 'JDDM', 'SQDM', 'WGBM'],
        rows: model.residents.map((r) => {
          const registered = people.get(r.personId)!;
          return {
            RYBS: r.personId,
            XM: r.name,
            GMSFHM: r.idNumber,
            XBMC: r.gender === 'M' ? '男' : '女',
            CSRQ: r.birthDate,
            LXDH: r.phone,
            XZZ_DZMC: r.address,
            RKLB: registered.residenceType,
            HH: registered.householdId,
            YHZGX: registered.relation,
            JDDM: r.streetCode,
            SQDM: r.communityCode,
            WGBM: r.gridCode,
            DJSJ: registered.registeredAt,
          };
        }),
      },
      {
        name: 'T_RK_HJ_HXX',
        columns: { HH: 'TEXT', HZ_RYBS: 'TEXT', HLBMC: 'TEXT', HNRS: 'INTEGER', HJDZ: 'TEXT', JDDM: 'TEXT', SQDM: 'TEXT', LHSJ: 'TEXT' },
        indexes: ['HH', 'JDDM', 'SQDM'],
        rows: households.map((h) => ({
          HH: h.householdId,
          HZ_RYBS: h.headPersonId,
          HLBMC: h.householdType,
          HNRS: h.members.length,
          HJDZ: h.address,
          JDDM: h.streetCode,
          SQDM: h.communityCode,
          LHSJ: h.establishedAt,
        })),
      },
    ];
  },
};

export default spec;
