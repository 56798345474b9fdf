import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import type { BuildingUse, CityModel } from './city-model.ts';
import { startGraphqlSimulator, type GraphqlSimulator } from './graphql-simulator.ts';
import { createRandom } from './random.ts';
import { seedOf } from './seed-of.ts';

/** A building as the planning bureau's model index holds it (remote field names). */
export interface SimulatedBuilding {
  readonly buildingId: string;
  readonly name: string;
  readonly address: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly communityCode: string;
  readonly gridCode: string;
  readonly use: BuildingUse;
  readonly ownerDepartment: string;
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
    districtCode: String!
    streetCode: String!
    communityCode: String!
    gridCode: String!
    use: String!
    ownerDepartment: String!
    heightM: Float!
    floors: Int!
    completedAt: String
    lat: Float!
    lng: Float!
    modelUri: String!
  }

  type Query {
    "Buildings ordered by id; within is an administrative-code prefix of the grid code."
    buildings(first: Int, offset: Int, within: String, communityCode: String): [Building!]!
    "The buildings of a batch of communities."
    buildingsByCommunities(communityCodes: [String!]!): [Building!]!
  }
`;

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * The buildings of the sample city as the model index holds them: every building of
 * `model.buildings` (same `buildingId`, address, codes, floors, owner), with the index's own
 * name, height, completion date and model file drawn from a stream seeded by the system id.
 */
export function simulatedBuildings(model: CityModel): SimulatedBuilding[] {
  const random = createRandom(seedOf('building-models', model.seed));
  const communities = new Map(model.communities.map((community) => [community.code, community.name.replace(/居委会$/, '')]));
  const counters = new Map<string, number>();
  const buildings = model.buildings.map((building): SimulatedBuilding => {
    const n = (counters.get(building.communityCode) ?? 0) + 1;
    counters.set(building.communityCode, n);
    return {
      buildingId: building.buildingId,
      name: building.historic ? `${communities.get(building.communityCode)}${n}号历史建筑` : `${communities.get(building.communityCode)}${n}号楼`,
      address: building.address,
      districtCode: building.districtCode,
      streetCode: building.streetCode,
      communityCode: building.communityCode,
      gridCode: building.gridCode,
      use: building.use,
      ownerDepartment: building.ownerDepartment,
      heightM: Math.round(building.floors * (2.9 + random.next()) * 10) / 10,
      floors: building.floors,
      completedAt: `${building.yearBuilt}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)} 00:00:00`,
      lat: building.lat,
      lng: building.lng,
      modelUri: `oss://bim/${building.communityCode}/${building.buildingId}.ifc`,
    };
  });
  return buildings.sort((a, b) => a.buildingId.localeCompare(b.buildingId));
}

/** Knobs of a running building-model index, for fault tests. */
export interface BuildingModelsState {
  /** Answer `completedAt: "unknown"` for every building (a legacy data fault). */
  corrupt: boolean;
}

/**
 * The planning bureau's building-model index as an Apollo Federation subgraph
 * (`@apollo/subgraph`) with `Building @key(fields: "buildingId")`, answering
 * `_service { sdl }` and `_entities(representations:)`: the schema the sample city serves.
 *
 * ```ts
 * const simulator = await startGraphqlSimulator({ schema: buildingModelsSchema(model) });
 * ```
 */
export function buildingModelsSchema(model: CityModel, state: BuildingModelsState = { corrupt: false }, buildings = simulatedBuildings(model)): GraphQLSchema {
  const byId = new Map(buildings.map((building) => [building.buildingId, building]));
  const view = (building: SimulatedBuilding | undefined) => (building && state.corrupt ? { ...building, completedAt: 'unknown' } : building);
  return buildSubgraphSchema({
    typeDefs: parse(BUILDING_MODELS_SDL),
    resolvers: {
      Query: {
        buildings: (_root: unknown, args: { first?: number | null; offset?: number | null; within?: string | null; communityCode?: string | null }) => {
          let rows = buildings;
          if (args.within) rows = rows.filter((b) => b.gridCode.startsWith(args.within!));
          if (args.communityCode) rows = rows.filter((b) => b.communityCode === args.communityCode);
          const offset = args.offset ?? 0;
          return rows.slice(offset, args.first == null ? undefined : offset + args.first).map(view);
        },
        buildingsByCommunities: (_root: unknown, args: { communityCodes: string[] }) => {
          const wanted = new Set(args.communityCodes);
          return buildings.filter((b) => wanted.has(b.communityCode)).map(view);
        },
      },
      Building: {
        __resolveReference: (reference: { buildingId: string }) => view(byId.get(reference.buildingId)) ?? null,
      },
    } as never,
  });
}

/** The running simulated building-model index. */
export interface BuildingModelsSimulator extends GraphqlSimulator {
  readonly buildings: readonly SimulatedBuilding[];
  /** Makes the index answer `completedAt: "unknown"` for every building (a legacy data fault), or not. */
  setCorrupt(corrupt: boolean): void;
}

/**
 * Starts the planning bureau's building-model index ({@link buildingModelsSchema}) on its
 * own, with a switch for a legacy data fault: for the kind's tests.
 */
export async function startBuildingModelsSimulator(options: { model: CityModel; host?: string; port?: number }): Promise<BuildingModelsSimulator> {
  const buildings = simulatedBuildings(options.model);
  const state: BuildingModelsState = { corrupt: false };
  const simulator = await startGraphqlSimulator({ schema: buildingModelsSchema(options.model, state, buildings), host: options.host, port: options.port });
  return {
    ...simulator,
    buildings,
    setCorrupt: (value) => {
      state.corrupt = value;
    },
  };
}
