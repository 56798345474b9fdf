import type { CityModel } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** One real-name account of the unified identity platform. */
export interface IdentityAccount {
  readonly accountId: string;
  readonly personId: string;
  readonly mobile: string;
  readonly realNameLevel: 'L1' | 'L2' | 'L3';
  readonly authMethod: string;
  readonly status: '正常' | '冻结';
  readonly registeredAt: string;
  readonly lastLoginAt: string;
  readonly streetCode: string;
  readonly communityCode: string;
}

const METHODS = { L1: '手机号实名核验', L2: '公安人口库比对', L3: '人脸识别' } as const;
const accounts = new WeakMap<CityModel, readonly IdentityAccount[]>();

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * The real-name accounts of a city model: most residents of 14 and over have one, registered
 * with their own mobile number, at one of three assurance levels. Deterministic per model.
 */
export function identityAccountsOf(model: CityModel): readonly IdentityAccount[] {
  const cached = accounts.get(model);
  if (cached) return cached;
  const random = createRandom(seedOf('identity-accounts', model.seed));
  const rows: IdentityAccount[] = [];
  for (const resident of model.residents) {
    const born = Number(resident.birthDate.slice(0, 4));
    if (born > 2012 || !random.chance(born < 1950 ? 0.4 : 0.85)) continue;
    const level = random.pick(['L1', 'L2', 'L2', 'L3', 'L3'] as const);
    const registered = `20${pad(random.int(16, 25), 2)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)} ${pad(random.int(0, 23), 2)}:${pad(random.int(0, 59), 2)}:${pad(random.int(0, 59), 2)}`;
    rows.push({
      accountId: `U${pad(rows.length + 1, 10)}`,
      personId: resident.personId,
      mobile: resident.phone,
      realNameLevel: level,
      authMethod: METHODS[level],
      status: random.chance(0.98) ? '正常' : '冻结',
      registeredAt: registered,
      lastLoginAt: `2026-${pad(random.int(1, 6), 2)}-${pad(random.int(1, 28), 2)} ${pad(random.int(0, 23), 2)}:${pad(random.int(0, 59), 2)}:${pad(random.int(0, 59), 2)}`,
      streetCode: resident.streetCode,
      communityCode: resident.communityCode,
    });
  }
  accounts.set(model, rows);
  return rows;
}

/** The unified identity platform's admin API: MyBatis-Plus pages `{ success, code, message, data: { records, total, current, size } }` of at most 100. */
const spec: SimulatorSpec = {
  id: 'identity-accounts',
  kind: 'rest',
  resources: (model) => [
    {
      path: '/uias/admin/v2/users/page',
      rows: identityAccountsOf(model).map((a) => ({
        userId: a.accountId,
        userIdentityHash: a.personId,
        mobile: a.mobile,
        authLevel: a.realNameLevel,
        authType: a.authMethod,
        userStatus: a.status,
        gmtCreate: a.registeredAt,
        lastLoginTime: a.lastLoginAt,
        streetCode: a.streetCode,
        communityCode: a.communityCode,
      })),
      filters: { userId: 'userId', identityHash: 'userIdentityHash', streetCode: 'streetCode', communityCode: 'communityCode', authLevel: 'authLevel' },
      within: { param: 'areaCode', field: 'communityCode' },
      pageParam: 'current',
      sizeParam: 'size',
      maxPageSize: 100,
      envelope: (rows, total, page) => ({ success: true, code: 200, message: 'OK', data: { records: rows, total, current: page, size: rows.length } }),
    },
  ],
};

export default spec;
