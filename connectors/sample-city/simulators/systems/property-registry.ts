import type { Building, CityModel } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { populationRegisterOf } from './population-registry.ts';

/** One registered real-estate unit of the city model. */
export interface RegisteredProperty {
  readonly propertyId: string;
  readonly certificateNo: string;
  readonly building: Building;
  readonly ownerPersonId: string;
  readonly coOwnerPersonId: string | null;
  readonly shareType: '单独所有' | '共同共有';
  readonly address: string;
  readonly use: string;
  readonly areaM2: number;
  readonly mortgaged: boolean;
  readonly registeredAt: string;
}

const USE_NAMES: Readonly<Record<Building['use'], string>> = { residential: '住宅', office: '办公', commercial: '商业', public: '公共设施' };
const properties = new WeakMap<CityModel, readonly RegisteredProperty[]>();

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * The real-estate register of a city model: a little over half of the households of the
 * population register own their home, a unit in a building of their community (held by the
 * head of household, jointly with the spouse under 共同共有 for most couples); some of them
 * own a second unit elsewhere in their district. Unit numbers follow the 28-character
 * 不动产单元号 layout (cadastral area, `GB` parcel, `F` fixture). Deterministic per model.
 *
 * ```ts
 * propertiesOf(model).filter((p) => p.ownerPersonId === personId);
 * ```
 */
export function propertiesOf(model: CityModel): readonly RegisteredProperty[] {
  const cached = properties.get(model);
  if (cached) return cached;
  const random = createRandom(seedOf('property-registry', model.seed));
  const buildingsByCommunity = new Map<string, Building[]>();
  const buildingsByDistrict = new Map<string, Building[]>();
  for (const building of model.buildings) {
    if (!buildingsByCommunity.has(building.communityCode)) buildingsByCommunity.set(building.communityCode, []);
    buildingsByCommunity.get(building.communityCode)!.push(building);
    if (!buildingsByDistrict.has(building.districtCode)) buildingsByDistrict.set(building.districtCode, []);
    buildingsByDistrict.get(building.districtCode)!.push(building);
  }
  const districtShort = new Map(model.districts.map((d) => [d.code, d.nameZh.charAt(0)]));
  const unitsTaken = new Map<string, number>();
  const rows: RegisteredProperty[] = [];
  const register = (building: Building, ownerPersonId: string, coOwnerPersonId: string | null) => {
    const unit = (unitsTaken.get(building.buildingId) ?? 0) + 1;
    unitsTaken.set(building.buildingId, unit);
    const floor = 1 + ((unit - 1) % building.floors);
    const room = 1 + Math.floor((unit - 1) / building.floors);
    const year = Math.max(building.yearBuilt, 1995) + random.int(0, 8);
    const registeredYear = Math.min(year, 2025);
    const parcel = building.buildingId.slice(-3);
    rows.push({
      propertyId: `${building.communityCode}GB${pad(Number(parcel), 5)}F${pad(floor * 100 + room, 8)}`,
      certificateNo: `沪(${registeredYear})${districtShort.get(building.districtCode)}字不动产权第${pad(random.int(1, 999_999), 6)}号`,
      building,
      ownerPersonId,
      coOwnerPersonId,
      shareType: coOwnerPersonId ? '共同共有' : '单独所有',
      address: `${building.address}${floor}${pad(room, 2)}室`,
      use: USE_NAMES[building.use],
      areaM2: +(building.use === 'residential' ? 38 + random.next() * 120 : 60 + random.next() * 400).toFixed(2),
      mortgaged: random.chance(0.35),
      registeredAt: `${registeredYear}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`,
    });
  };
  for (const household of populationRegisterOf(model).households) {
    if (!random.chance(0.55)) continue;
    const spouse = household.members.find((m) => m.relation === '配偶');
    const coOwner = spouse && random.chance(0.7) ? spouse.personId : null;
    const local = buildingsByCommunity.get(household.communityCode) ?? [];
    const homes = local.filter((b) => b.use === 'residential');
    if (local.length === 0) continue;
    register(random.pick(homes.length > 0 ? homes : local), household.headPersonId, coOwner);
    if (random.chance(0.12)) {
      register(random.pick(buildingsByDistrict.get(household.streetCode.slice(0, 6))!), household.headPersonId, null);
    }
  }
  properties.set(model, rows);
  return rows;
}

const NS = 'http://ghzy.example.gov.cn/bdcdj';

/** The real-estate registration service (SOAP 1.1): `QueryBdcqlxx` answers `<bdcqlxx>` rows; batches arrive comma-joined. */
const spec: SimulatorSpec = {
  id: 'property-registry',
  kind: 'soap',
  service: (model) => {
    const names = new Map(model.residents.map((r) => [r.personId, r.name]));
    return {
      service: 'BdcdjService',
      namespace: NS,
      operations: [
        {
          operation: 'QueryBdcqlxx',
          soapAction: `${NS}/QueryBdcqlxx`,
          requestElement: 'QueryBdcqlxxRequest',
          responseElement: 'QueryBdcqlxxResponse',
          resultElement: 'return',
          rowElement: 'bdcqlxx',
          listSeparator: ',',
          rows: propertiesOf(model).map((p) => ({
            bdcdyh: p.propertyId,
            bdcqzh: p.certificateNo,
            jzwbh: p.building.buildingId,
            qlrbs: p.ownerPersonId,
            qlrmc: names.get(p.ownerPersonId) ?? '',
            gyrbs: p.coOwnerPersonId,
            gyfs: p.shareType,
            zl: p.address,
            ghyt: p.use,
            jzmj: p.areaM2,
            sfdy: p.mortgaged ? '1' : '0',
            djsj: p.registeredAt,
            qxdm: p.building.districtCode,
            sqdm: p.building.communityCode,
          })),
          filters: { bdcdyh: 'bdcdyh', qlrbs: 'qlrbs', gyrbs: 'gyrbs', jzwbh: 'jzwbh', sqdm: 'sqdm' },
          within: { element: 'xzqhdm', field: 'sqdm' },
        },
      ],
    };
  },
};

export default spec;
