import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { CityModel } from './city-model.ts';
import { startGraphqlSimulator, type GraphqlSimulator } from './graphql-simulator.ts';
import { createRandom } from './random.ts';

/** A building as the planning bureau's model index holds it (remote field names). */
export interface SimulatedBuilding {
  readonly buildingId: string;
  readonly name: string;
  readonly address: string;
  readonly communityCode: string;
  readonly streetCode: string;
  readonly heightM: number;
  readonly floors: number;
  /** Local time without a zone, as the index stores it. */
  readonly completedAt: string;
  readonly lat: number;
  readonly lng: number;
  readonly modelUri: string;
}

/** The subgraph SDL of the simulated building-model index (Apollo Federation 2). */
export const BUILDING_MODELS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  "A building of the 3D model index."
  type Building @key(fields: "buildingId") {
    buildingId: ID!
    name: String!
    address: String!
    communityCode: String!
    streetCode: String!
    heightM: Float!
    floors: Int!
    completedAt: String
    lat: Float!
    lng: Float!
    modelUri: String!
  }

  type Query {
    "Buildings ordered by id; within is an administrative-code prefix."
    buildings(first: Int, offset: Int, within: String, communityCode: String): [Building!]!
  }
`;

/** Buildings of the sample city: three to five per community, seeded from the city model. */
export function simulatedBuildings(model: CityModel): SimulatedBuilding[] {
  const random = createRandom(model.seed ^ 0x0b1d);
  const buildings: SimulatedBuilding[] = [];
  const grids = new Map(model.grids.map((grid) => [grid.communityCode, grid]));
  for (const community of model.communities) {
    const grid = grids.get(community.code)!;
    const count = random.int(3, 5);
    for (let n = 1; n <= count; n += 1) {
      const floors = random.int(2, 33);
      buildings.push({
        buildingId: `B${community.code}${String(n).padStart(2, '0')}`,
        name: `${community.name.replace(/居委会$/, '')}${n}号楼`,
        address: `${community.name.replace(/居委会$/, '')}路${random.int(1, 999)}号`,
        communityCode: community.code,
        streetCode: community.streetCode,
        heightM: Math.round(floors * (2.9 + random.next()) * 10) / 10,
        floors,
        completedAt: `${random.int(1930, 2024)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')} 00:00:00`,
        lat: Math.round((grid.lat + (random.next() - 0.5) * 0.004) * 1e6) / 1e6,
        lng: Math.round((grid.lng + (random.next() - 0.5) * 0.004) * 1e6) / 1e6,
        modelUri: `oss://bim/${community.code}/${n}.ifc`,
      });
    }
  }
  return buildings.sort((a, b) => a.buildingId.localeCompare(b.buildingId));
}

/** The running simulated building-model index. */
export interface BuildingModelsSimulator extends GraphqlSimulator {
  readonly buildings: readonly SimulatedBuilding[];
  /** Makes the index answer `completedAt: "unknown"` for every building (a legacy data fault), or not. */
  setCorrupt(corrupt: boolean): void;
}

/**
 * Starts the planning bureau's building-model index: an Apollo Federation subgraph
 * (`@apollo/subgraph` on `@apollo/server`) with `Building @key(fields: "buildingId")`,
 * answering `_service { sdl }` and `_entities(representations:)`.
 */
export async function startBuildingModelsSimulator(options: { model: CityModel; host?: string; port?: number }): Promise<BuildingModelsSimulator> {
  const buildings = simulatedBuildings(options.model);
  const byId = new Map(buildings.map((building) => [building.buildingId, building]));
  let corrupt = false;
  const view = (building: SimulatedBuilding | undefined) => (building && corrupt ? { ...building, completedAt: 'unknown' } : building);
  const schema = buildSubgraphSchema({
    typeDefs: parse(BUILDING_MODELS_SDL),
    resolvers: {
      Query: {
        buildings: (_root: unknown, args: { first?: number | null; offset?: number | null; within?: string | null; communityCode?: string | null }) => {
          let rows = buildings;
          if (args.within) rows = rows.filter((b) => b.communityCode.startsWith(args.within!));
          if (args.communityCode) rows = rows.filter((b) => b.communityCode === args.communityCode);
          const offset = args.offset ?? 0;
          return rows.slice(offset, args.first == null ? undefined : offset + args.first).map(view);
        },
      },
      Building: {
        __resolveReference: (reference: { buildingId: string }) => view(byId.get(reference.buildingId)) ?? null,
      },
    } as never,
  });
  const simulator = await startGraphqlSimulator({ schema, host: options.host, port: options.port });
  return {
    ...simulator,
    buildings,
    setCorrupt: (value) => {
      corrupt = value;
    },
  };
}
