import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector, defineConnector, ManifestError, type Connector, type ConnectorManifestInput } from '../../../../connectors/index.ts';
import { createCityModel } from '../../../../connectors/sample-city/simulators/city-model.ts';
import { startBuildingModelsSimulator, type BuildingModelsSimulator } from '../../../../connectors/sample-city/simulators/graphql-building-models.ts';
import { startCityEventsSimulator, type CityEventsSimulator } from '../../../../connectors/sample-city/simulators/graphql-city-events.ts';
import { startGraphqlSimulator } from '../../../../connectors/sample-city/simulators/graphql-simulator.ts';
import { composeCitySchema } from '../../../../gateway/compose.ts';
import { buildingModelsManifest, cityEventsManifest } from './manifests.ts';

const model = createCityModel();
let buildingsSim: BuildingModelsSimulator;
let eventsSim: CityEventsSimulator;
let env: Record<string, string>;
const open: Connector[] = [];

function connect(input: ConnectorManifestInput, overrideEnv: Record<string, string> = env): Connector {
  const connector = createConnector(defineConnector(input), { env: overrideEnv, dataDir: '.' });
  open.push(connector);
  return connector;
}

async function run(schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>) {
  return graphql({ schema, source, variableValues, contextValue: {} });
}

beforeAll(async () => {
  buildingsSim = await startBuildingModelsSimulator({ model });
  eventsSim = await startCityEventsSimulator({ model });
  env = { CITYHUB_BUILDING_MODELS_URL: buildingsSim.url, CITYHUB_CITY_EVENTS_URL: eventsSim.url };
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await buildingsSim.close();
  await eventsSim.close();
});
beforeEach(() => {
  for (const sim of [buildingsSim, eventsSim]) {
    sim.calls.length = 0;
    sim.setDelay(0);
    sim.setFailure(null);
  }
  buildingsSim.setCorrupt(false);
});

const entityCalls = () => buildingsSim.calls.filter((call) => call.query.includes('_entities'));

describe('graphql source kind: an Apollo Federation subgraph', () => {
  it('reads a root list with the page, the jurisdiction prefix and the filters passed as remote arguments', async () => {
    const connector = connect(buildingModelsManifest());
    const result = await run(connector.schema, `{ buildings(within: "310106013", first: 3, offset: 1, where: { communityCode: "310106013002" }) { buildingId communityCode } }`);
    expect(result.errors).toBeUndefined();
    const expected = buildingsSim.buildings.filter((b) => b.communityCode === '310106013002').slice(1, 4);
    expect(result.data!.buildings).toEqual(expected.map((b) => ({ buildingId: b.buildingId, communityCode: b.communityCode })));
    const reads = buildingsSim.calls.filter((call) => call.query.includes('buildings('));
    expect(reads).toHaveLength(1);
    expect(Object.values(reads[0]!.variables).sort()).toEqual([1, 3, '310106013', '310106013002'].sort());
  });

  it('filters and pages itself when a filter has no remote argument', async () => {
    const connector = connect(buildingModelsManifest());
    const inDistrict = buildingsSim.buildings.filter((b) => b.communityCode.startsWith('310101'));
    const floors = inDistrict.find((b) => inDistrict.filter((other) => other.floors === b.floors).length >= 3)!.floors;
    const expected = inDistrict.filter((b) => b.floors === floors).slice(1, 3);
    expect(expected.length).toBeGreaterThan(0);
    const result = await run(connector.schema, `{ buildings(within: "310101", where: { floors: ${floors} }, first: 2, offset: 1) { buildingId floors } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.buildings).toEqual(expected.map((b) => ({ buildingId: b.buildingId, floors })));
    // The remote was asked for the whole district, unpaged: the page is cut after the local filter.
    expect(buildingsSim.calls.at(-1)!.query).toContain('buildings(within:$v0)');
  });

  it('maps GeoPoints from two remote fields and reads local date-times in the city time zone', async () => {
    const connector = connect(buildingModelsManifest());
    const building = buildingsSim.buildings[7]!;
    const result = await run(connector.schema, `query ($id: ID!) { building(buildingId: $id) { name heightM location { lat lng } completedAt } }`, { id: building.buildingId });
    expect(result.errors).toBeUndefined();
    expect(result.data!.building).toEqual({
      name: building.name,
      heightM: building.heightM,
      location: { lat: building.lat, lng: building.lng },
      completedAt: new Date(`${building.completedAt.replace(' ', 'T')}+08:00`).toISOString(),
    });
  });

  it('loads the buildings of N city events with one _entities call', async () => {
    const buildings = connect(buildingModelsManifest());
    const events = connect(cityEventsManifest());
    const schema = composeCitySchema([buildings, events]);
    const result = await run(schema, `{ cityEvents(first: 60) { eventId buildingId building { buildingId name floors } } }`);
    expect(result.errors).toBeUndefined();
    const got = result.data!.cityEvents as Array<{ buildingId: string | null; building: { buildingId: string; name: string; floors: number } | null }>;
    expect(got).toHaveLength(60);
    const withBuilding = got.filter((event) => event.buildingId !== null);
    expect(withBuilding.length).toBeGreaterThan(20);
    const byId = new Map(buildingsSim.buildings.map((b) => [b.buildingId, b]));
    for (const event of withBuilding) {
      const b = byId.get(event.buildingId!)!;
      expect(event.building).toEqual({ buildingId: b.buildingId, name: b.name, floors: b.floors });
    }
    expect(entityCalls()).toHaveLength(1);
    const representations = entityCalls()[0]!.variables.representations as Array<{ __typename: string; buildingId: string }>;
    expect(new Set(representations.map((r) => r.buildingId))).toEqual(new Set(withBuilding.map((e) => e.buildingId)));
    expect(representations.every((r) => r.__typename === 'Building')).toBe(true);
  });

  it('sends the credentials headers named by reference in headersFromEnv', async () => {
    const input = buildingModelsManifest() as any;
    input.source.headersFromEnv = { authorization: 'CITYHUB_BUILDING_MODELS_TOKEN' };
    await connect(input, { ...env, CITYHUB_BUILDING_MODELS_TOKEN: 'Bearer plan-bureau' }).probe();
    await connect(input).probe();
    expect(buildingsSim.calls.map((call) => call.authorization)).toEqual(['Bearer plan-bureau', undefined]);
  });

  it('answers null for a key the subgraph does not hold', async () => {
    const connector = connect(buildingModelsManifest());
    const result = await run(connector.schema, `{ building(buildingId: "B-NOWHERE") { name } }`);
    expect(result).toEqual({ data: { building: null } });
  });
});

describe('graphql source kind: a plain service read stitching-style', () => {
  it('loads the dispatches of N events with one batch root-field call', async () => {
    const connector = connect(cityEventsManifest());
    const result = await run(connector.schema, `{ cityEvents(first: 50) { eventId dispatches { dispatchId department } } }`);
    expect(result.errors).toBeUndefined();
    const got = result.data!.cityEvents as Array<{ eventId: string; dispatches: Array<{ dispatchId: string }> }>;
    expect(got.map((e) => e.eventId)).toEqual(eventsSim.events.slice(0, 50).map((e) => e.eventId));
    for (const event of got) {
      expect(event.dispatches.map((d) => d.dispatchId)).toEqual(eventsSim.dispatches.filter((d) => d.eventId === event.eventId).map((d) => d.dispatchId));
    }
    const batches = eventsSim.calls.filter((call) => call.query.includes('dispatchesByEvents'));
    expect(batches).toHaveLength(1);
    expect(Object.values(batches[0]!.variables)[0]).toHaveLength(50);
  });

  it('reads one row by key through the lookup field and pushes an equality filter', async () => {
    const connector = connect(cityEventsManifest());
    const event = eventsSim.events.find((e) => e.status === 'closed')!;
    const one = await run(connector.schema, `query ($id: ID!) { cityEvent(eventId: $id) { eventId status summary } }`, { id: event.eventId });
    expect(one.data!.cityEvent).toEqual({ eventId: event.eventId, status: 'closed', summary: event.summary });
    const closed = await run(connector.schema, `{ cityEvents(where: { status: "closed" }, first: 5) { status } }`);
    expect(closed.data!.cityEvents).toEqual(Array.from({ length: 5 }, () => ({ status: 'closed' })));
    expect(eventsSim.calls.some((call) => call.query.includes('events(status:'))).toBe(true);
  });
});

describe('graphql source kind: the remote schema check', () => {
  it('passes the probe when the remote schema has every catalogued type and field', async () => {
    await expect(connect(buildingModelsManifest()).probe()).resolves.toBeUndefined();
    await expect(connect(cityEventsManifest()).probe()).resolves.toBeUndefined();
  });

  it('reads the federation schema from _service { sdl } and the plain one by introspection', async () => {
    await connect(buildingModelsManifest()).probe();
    await connect(cityEventsManifest()).probe();
    expect(buildingsSim.calls.map((c) => c.query)).toEqual([expect.stringContaining('_service')]);
    expect(eventsSim.calls.map((c) => c.query)).toEqual([expect.stringContaining('__schema')]);
  });

  it('refuses a remote schema that does not match the catalogue, naming every mismatch', async () => {
    const input = buildingModelsManifest() as any;
    input.catalogue.Building.fields.floors.from = 'heightM';
    input.catalogue.Building.fields.storeys = { type: 'Int', from: 'storeys', sharing: 'open', sensitivity: 'public' };
    input.source.types.Building.list.args.within = 'prefix';
    const error = await connect(input).probe().catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'building-models' } });
    const mismatches = (error as { extensions: { mismatches: string[] } }).extensions.mismatches;
    expect(mismatches).toEqual([
      'Building.floors: remote Building.heightM is Float!, the catalogue declares Int',
      'Building.storeys: the remote type Building has no field "storeys"',
      'Building: remote Query.buildings has no argument "prefix"',
    ]);
    expect((error as Error).message).toContain('Building.floors: remote Building.heightM is Float!, the catalogue declares Int');
  });

  it('refuses a missing remote type and a lookup that is not a list, and answers reads with the same error', async () => {
    const input = cityEventsManifest() as any;
    input.source.types.Dispatch.remoteType = 'Assignment';
    input.source.types.CityEvent.lookups.eventId = { field: 'dispatches', argument: 'state' };
    const connector = connect(input);
    const result = await run(connector.schema, `{ cityEvents(first: 1) { eventId } }`);
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      connector: 'city-events',
      mismatches: [
        'CityEvent: remote Query.dispatches is [Dispatch!]!, expected a list of CityEvent',
        'CityEvent: argument dispatches(state) is String, a lookup takes a list',
        'Dispatch: the remote schema has no object type "Assignment"',
      ],
    });
    // The check is not remembered when it fails: each read asks the remote again.
    await run(connector.schema, `{ cityEvents(first: 1) { eventId } }`);
    expect(eventsSim.calls.filter((c) => c.query.includes('__schema'))).toHaveLength(2);
  });
});

describe('graphql source kind: errors', () => {
  const firstError = async (connector: Connector, source = `{ buildings(first: 2) { buildingId completedAt } }`) => {
    const result = await run(connector.schema, source);
    expect(result.errors).toHaveLength(1);
    return result.errors![0]!;
  };

  it('answers UPSTREAM_UNAVAILABLE naming the connector when the service is not listening', async () => {
    const down = await startGraphqlSimulator({ schema: makeExecutableSchema({ typeDefs: 'type Query { x: Int }' }) });
    await down.close();
    const connector = connect(buildingModelsManifest(), { CITYHUB_BUILDING_MODELS_URL: down.url });
    const error = await firstError(connector);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'building-models' });
    expect(error.message).toMatch(/^Connector "building-models": the GraphQL service answered no answer \(ECONNREFUSED\)/);
    await expect(connector.probe()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  });

  it('answers UPSTREAM_UNAVAILABLE for an HTTP 503 or 429 and UPSTREAM_BAD_RESPONSE for a 404 page', async () => {
    const connector = connect(buildingModelsManifest());
    buildingsSim.setFailure(503);
    expect((await firstError(connector)).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'building-models', status: 503 });
    buildingsSim.setFailure(429);
    expect((await firstError(connector)).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 429 });
    buildingsSim.setFailure(404);
    expect((await firstError(connector)).extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'building-models', status: 404 });
  });

  it('answers UPSTREAM_TIMEOUT when the service is slower than the manifest allows', async () => {
    const connector = connect(buildingModelsManifest());
    await connector.probe();
    buildingsSim.setDelay(1_500);
    const started = Date.now();
    const error = await firstError(connector);
    expect(Date.now() - started).toBeLessThan(1_450);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'building-models', timeoutMs: 1_000 });
  });

  it('answers UPSTREAM_BAD_RESPONSE naming type, field and row when a value does not match its declared type, one error per malformed row', async () => {
    const connector = connect(buildingModelsManifest());
    buildingsSim.setCorrupt(true);
    const result = await run(connector.schema, `{ buildings(first: 2) { buildingId completedAt } }`);
    expect(result.data).toEqual({ buildings: [null, null] });
    expect(result.errors!.map((e) => e.path)).toEqual([['buildings', 0], ['buildings', 1]]);
    const error = result.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'building-models', type: 'Building', field: 'completedAt' });
    expect(error.message).toContain(`Building.completedAt (legacy "completedAt") of row "${buildingsSim.buildings[0]!.buildingId}" must be DateTime, received "unknown"`);
  });

  it('answers the errors the remote service reports with a stable code naming the connector, keeping their text for the log only', async () => {
    const failing = await startGraphqlSimulator({
      schema: makeExecutableSchema({
        typeDefs: eventsSdlWithFailingList,
        resolvers: { Query: { events: () => { throw new Error('数据库连接失败'); } } },
      }),
    });
    try {
      const connector = connect(cityEventsManifest(), { CITYHUB_CITY_EVENTS_URL: failing.url });
      const error = await firstError(connector, `{ cityEvents(first: 1) { eventId } }`);
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'city-events', remoteCodes: ['INTERNAL_SERVER_ERROR'] });
      expect(error.message).toBe('Connector "city-events": the GraphQL service reported an error (INTERNAL_SERVER_ERROR)');
      expect((error.originalError as { originalError?: Error } | undefined)?.originalError?.message).toBe('the GraphQL service reported: 数据库连接失败');
    } finally {
      await failing.close();
    }
  });

  it('answers UPSTREAM_BAD_RESPONSE when a federation manifest points at a service that is not a subgraph', async () => {
    const connector = connect(buildingModelsManifest(), { CITYHUB_BUILDING_MODELS_URL: eventsSim.url });
    await expect(connector.probe()).rejects.toMatchObject({
      message: 'Connector "building-models": the GraphQL service reported an error (GRAPHQL_VALIDATION_FAILED)',
      extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'building-models', remoteCodes: ['GRAPHQL_VALIDATION_FAILED'] },
      originalError: { message: expect.stringContaining('Cannot query field "_service" on type "Query"') },
    });
  });

  it('answers UPSTREAM_BAD_RESPONSE when _service answers no SDL or SDL that does not parse', async () => {
    let sdl: string | null = null;
    const broken = await startGraphqlSimulator({
      schema: makeExecutableSchema({
        typeDefs: 'type _Service { sdl: String } type Query { _service: _Service! }',
        resolvers: { Query: { _service: () => ({ sdl }) } },
      }),
    });
    try {
      const connector = connect(buildingModelsManifest(), { CITYHUB_BUILDING_MODELS_URL: broken.url });
      await expect(connector.probe()).rejects.toMatchObject({ message: 'Connector "building-models": _service { sdl } answered no SDL', extensions: { code: 'UPSTREAM_BAD_RESPONSE' } });
      sdl = 'type Building {';
      await expect(connector.probe()).rejects.toMatchObject({
        message: expect.stringContaining('_service { sdl } answered SDL that does not parse'),
        extensions: { code: 'UPSTREAM_BAD_RESPONSE', connector: 'building-models' },
      });
    } finally {
      await broken.close();
    }
  });

  it('answers UPSTREAM_BAD_RESPONSE when a list field answers something that is not a list', async () => {
    const nullable = await startGraphqlSimulator({
      schema: makeExecutableSchema({ typeDefs: eventsSdlWithFailingList.replace('[CityEvent!]!', '[CityEvent!]'), resolvers: { Query: { events: () => null } } }),
    });
    try {
      const connector = connect(cityEventsManifest(), { CITYHUB_CITY_EVENTS_URL: nullable.url });
      const error = await firstError(connector, `{ cityEvents(first: 1) { eventId } }`);
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'city-events' });
      expect(error.message).toBe('Connector "city-events": events answered null, not a list');
    } finally {
      await nullable.close();
    }
  });

  it('refuses to start without its endpoint variable, naming source.endpointEnv', () => {
    expect(() => connect(cityEventsManifest(), {})).toThrow(ManifestError);
    expect(() => connect(cityEventsManifest(), {})).toThrow('source.endpointEnv: environment variable CITYHUB_CITY_EVENTS_URL is not set');
  });
});

const eventsSdlWithFailingList = /* GraphQL */ `
  type CityEvent { eventId: ID! category: String! status: String! gridCode: String! streetCode: String! buildingId: ID reportedAt: String! summary: String! }
  type Dispatch { dispatchId: ID! eventId: ID! gridCode: String! department: String! dispatchedAt: String! state: String! }
  type Query {
    events(status: String, limit: Int, skip: Int): [CityEvent!]!
    eventsByIds(ids: [ID!]!): [CityEvent]!
    eventsByStreets(streetCodes: [String!]!): [CityEvent!]!
    eventsByBuildings(buildingIds: [ID!]!): [CityEvent!]!
    dispatches(state: String, limit: Int, skip: Int): [Dispatch!]!
    dispatchesByIds(ids: [ID!]!): [Dispatch]!
    dispatchesByEvents(eventIds: [ID!]!): [Dispatch!]!
  }
`;
