import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { CityModel } from './city-model.ts';
import { startGraphqlSimulator, type GraphqlSimulator } from './graphql-simulator.ts';
import { createRandom } from './random.ts';
import { seedOf } from './seed-of.ts';

/** An event of the city operations centre (remote field names). */
export interface SimulatedCityEvent {
  readonly eventId: string;
  readonly category: string;
  readonly status: string;
  readonly gridCode: string;
  readonly streetCode: string;
  readonly buildingId: string | null;
  readonly reportedAt: string;
  readonly summary: string;
}

/** A dispatch of an event to a department. */
export interface SimulatedDispatch {
  readonly dispatchId: string;
  readonly eventId: string;
  readonly gridCode: string;
  readonly department: string;
  readonly dispatchedAt: string;
  readonly state: string;
}

/** The schema of the simulated operations-centre service: a plain GraphQL API with batch root fields. */
export const CITY_EVENTS_SDL = /* GraphQL */ `
  type CityEvent {
    eventId: ID!
    category: String!
    status: String!
    gridCode: String!
    streetCode: String!
    buildingId: ID
    reportedAt: String!
    summary: String!
  }

  type Dispatch {
    dispatchId: ID!
    eventId: ID!
    gridCode: String!
    department: String!
    dispatchedAt: String!
    state: String!
  }

  type Query {
    events(status: String, streetPrefix: String, limit: Int, skip: Int): [CityEvent!]!
    eventsByIds(ids: [ID!]!): [CityEvent]!
    eventsByStreets(streetCodes: [String!]!): [CityEvent!]!
    eventsByBuildings(buildingIds: [ID!]!): [CityEvent!]!
    dispatches(state: String, limit: Int, skip: Int): [Dispatch!]!
    dispatchesByIds(ids: [ID!]!): [Dispatch]!
    dispatchesByEvents(eventIds: [ID!]!): [Dispatch!]!
  }
`;

const CATEGORIES = ['占道经营', '暴露垃圾', '井盖缺失', '违章搭建', '噪声扰民', '道路积水'];
const STATUSES = ['open', 'dispatched', 'closed'];
const DEPARTMENTS = ['城管执法局', '绿化市容局', '水务局', '住建委', '街道办事处'];

/** Events and dispatches of the sample city, seeded from the city model: about one event per grid. */
export function simulatedCityEvents(model: CityModel): { events: SimulatedCityEvent[]; dispatches: SimulatedDispatch[] } {
  const random = createRandom(seedOf('city-events', model.seed));
  const byCommunity = new Map<string, string[]>();
  for (const b of model.buildings) {
    const list = byCommunity.get(b.communityCode);
    if (list) list.push(b.buildingId);
    else byCommunity.set(b.communityCode, [b.buildingId]);
  }
  const events: SimulatedCityEvent[] = [];
  const dispatches: SimulatedDispatch[] = [];
  let sequence = 0;
  for (const grid of model.grids) {
    const count = random.int(0, 2);
    for (let n = 0; n < count; n += 1) {
      sequence += 1;
      const eventId = `EV${String(sequence).padStart(7, '0')}`;
      const status = random.pick(STATUSES);
      const day = String(random.int(1, 28)).padStart(2, '0');
      const category = random.pick(CATEGORIES);
      events.push({
        eventId,
        category,
        status,
        gridCode: grid.code,
        streetCode: grid.streetCode,
        buildingId: random.chance(0.7) ? random.pick(byCommunity.get(grid.communityCode)!) : null,
        reportedAt: `2026-11-${day} ${String(random.int(6, 22)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00`,
        summary: `${grid.name}${category}`,
      });
      if (status !== 'open') {
        for (let d = 0; d < random.int(1, 2); d += 1) {
          dispatches.push({
            dispatchId: `${eventId}-D${d + 1}`,
            eventId,
            gridCode: grid.code,
            department: random.pick(DEPARTMENTS),
            dispatchedAt: `2026-11-${day} 23:${String(10 + d).padStart(2, '0')}:00`,
            state: status === 'closed' ? 'done' : 'working',
          });
        }
      }
    }
  }
  return { events, dispatches };
}

/** The running simulated operations-centre service. */
export interface CityEventsSimulator extends GraphqlSimulator {
  readonly events: readonly SimulatedCityEvent[];
  readonly dispatches: readonly SimulatedDispatch[];
}

function page<T>(rows: readonly T[], limit?: number | null, skip?: number | null): T[] {
  const start = skip ?? 0;
  return rows.slice(start, limit == null ? undefined : start + limit);
}

/**
 * The city operations centre's event service: a plain GraphQL API with list fields and batch
 * root fields (`eventsByIds`, `dispatchesByEvents`), the shape a stitching-style `graphql`
 * connector reads. The schema the sample city serves.
 *
 * ```ts
 * const simulator = await startGraphqlSimulator({ schema: cityEventsSchema(simulatedCityEvents(model)) });
 * ```
 */
export function cityEventsSchema({ events, dispatches }: { events: readonly SimulatedCityEvent[]; dispatches: readonly SimulatedDispatch[] }): GraphQLSchema {
  const eventsById = new Map(events.map((e) => [e.eventId, e]));
  const dispatchesById = new Map(dispatches.map((d) => [d.dispatchId, d]));
  return makeExecutableSchema({
    typeDefs: CITY_EVENTS_SDL,
    resolvers: {
      Query: {
        events: (_: unknown, args: { status?: string | null; streetPrefix?: string | null; limit?: number | null; skip?: number | null }) =>
          page(
            events.filter((e) => (!args.status || e.status === args.status) && (!args.streetPrefix || e.streetCode.startsWith(args.streetPrefix))),
            args.limit,
            args.skip,
          ),
        eventsByIds: (_: unknown, args: { ids: string[] }) => args.ids.map((id) => eventsById.get(id) ?? null),
        eventsByStreets: (_: unknown, args: { streetCodes: string[] }) => {
          const wanted = new Set(args.streetCodes);
          return events.filter((e) => wanted.has(e.streetCode));
        },
        eventsByBuildings: (_: unknown, args: { buildingIds: string[] }) => {
          const wanted = new Set(args.buildingIds);
          return events.filter((e) => e.buildingId !== null && wanted.has(e.buildingId));
        },
        dispatches: (_: unknown, args: { state?: string | null; limit?: number | null; skip?: number | null }) =>
          page(dispatches.filter((d) => !args.state || d.state === args.state), args.limit, args.skip),
        dispatchesByIds: (_: unknown, args: { ids: string[] }) => args.ids.map((id) => dispatchesById.get(id) ?? null),
        dispatchesByEvents: (_: unknown, args: { eventIds: string[] }) => {
          const wanted = new Set(args.eventIds);
          return dispatches.filter((d) => wanted.has(d.eventId));
        },
      },
    },
  });
}

/** Starts the city operations centre's event service ({@link cityEventsSchema}) on its own: for the kind's tests. */
export async function startCityEventsSimulator(options: { model: CityModel; host?: string; port?: number }): Promise<CityEventsSimulator> {
  const data = simulatedCityEvents(options.model);
  const simulator = await startGraphqlSimulator({ schema: cityEventsSchema(data), host: options.host, port: options.port });
  return { ...simulator, ...data };
}
