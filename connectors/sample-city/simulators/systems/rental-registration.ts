import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import type { LegacyTable } from '../sql-simulator.ts';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * The police rental register: rented homes in about a quarter of the residential buildings
 * (one to three each; older low-rise ones count as urban villages), each with one to four
 * tenancies of residents of the city, some of them ended.
 */
const spec: SimulatorSpec = {
  id: 'rental-registration',
  kind: 'sql',
  tables: (model): LegacyTable[] => {
    const random = createRandom(seedOf('rental-registration', model.seed));
    const residentsByDistrict = new Map<string, typeof model.residents[number][]>();
    for (const r of model.residents) {
      const district = r.streetCode.slice(0, 6);
      const people = residentsByDistrict.get(district);
      if (people) people.push(r);
      else residentsByDistrict.set(district, [r]);
    }
    const units: Record<string, unknown>[] = [];
    const tenants: Record<string, unknown>[] = [];
    for (const b of model.buildings) {
      if (b.use !== 'residential' || b.historic || !random.chance(0.25)) continue;
      const people = residentsByDistrict.get(b.districtCode)!;
      const urbanVillage = b.floors <= 5 && b.yearBuilt < 1990;
      const unitCount = random.int(1, 3);
      for (let u = 0; u < unitCount; u += 1) {
        const landlord = random.pick(people);
        const unitId = `CZ${b.buildingId.slice(1)}${pad(u + 1)}`;
        units.push({
          FWBH: unitId,
          JZWBM: b.buildingId,
          FWDZ: `${b.address}${random.int(1, b.floors)}0${random.int(1, 4)}室`,
          FZ_RYBS: landlord.personId,
          FZ_XM: landlord.name,
          FZ_LXDH: landlord.phone,
          JZMJ: Math.round((18 + random.next() * 90) * 10) / 10,
          YZJ: random.int(12, 80) * 100,
          SFCZC: urbanVillage ? 1 : 0,
          DJSJ: `20${pad(random.int(18, 25))}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))} 10:00:00`,
          JDDM: b.streetCode,
          SQDM: b.communityCode,
          WGBM: b.gridCode,
        });
        const tenantCount = random.int(1, 4);
        for (let t = 0; t < tenantCount; t += 1) {
          const tenant = random.pick(people);
          const ended = random.chance(0.3);
          const moveIn = `20${pad(random.int(19, 25))}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
          tenants.push({
            ZHBH: `${unitId}-${pad(t + 1)}`,
            FWBH: unitId,
            RYBS: tenant.personId,
            XM: tenant.name,
            ZJHM: tenant.idNumber,
            LXDH: tenant.phone,
            RZSJ: `${moveIn} ${pad(random.int(8, 20))}:00:00`,
            TZSJ: ended ? `2026-${pad(random.int(1, 6))}-${pad(random.int(1, 28))} 18:00:00` : null,
            SFZZ: ended ? 0 : 1,
            WGBM: b.gridCode,
          });
        }
      }
    }
    return [
      {
        name: 'T_GA_CZFW_JBXX',
        columns: {
          FWBH: 'TEXT', JZWBM: 'TEXT', FWDZ: 'TEXT', FZ_RYBS: 'TEXT', FZ_XM: 'TEXT', FZ_LXDH: 'TEXT', JZMJ: 'REAL', YZJ: 'INTEGER',
          SFCZC: 'INTEGER', DJSJ: 'TEXT', JDDM: 'TEXT', SQDM: 'TEXT', WGBM: 'TEXT',
        },
        indexes: ['FWBH', 'JZWBM', 'FZ_RYBS', 'JDDM', 'SQDM', 'WGBM'],
        rows: units,
      },
      {
        name: 'T_GA_CZFW_ZHRY',
        columns: { ZHBH: 'TEXT', FWBH: 'TEXT', RYBS: 'TEXT', XM: 'TEXT', ZJHM: 'TEXT', LXDH: 'TEXT', RZSJ: 'TEXT', TZSJ: 'TEXT', SFZZ: 'INTEGER', WGBM: 'TEXT' },
        indexes: ['ZHBH', 'FWBH', 'RYBS', 'WGBM'],
        rows: tenants,
      },
    ];
  },
};

export default spec;
