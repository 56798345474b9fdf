import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getNamedType, graphql, isLeafType, isObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, defaultListField, type Connector } from '../../../connectors/index.ts';
import { startSampleCity, type SampleCity } from '../../../connectors/sample-city/index.ts';
import { composeCitySchema } from '../../../gateway/compose.ts';
import { protectedBuildings } from '../../../connectors/sample-city/simulators/protected-buildings.ts';
import { simulatedElevators } from '../../../connectors/sample-city/simulators/systems/elevators.ts';
import { waitFor } from '../kinds/mqtt/helpers.ts';

/** The systems of scenario 4 (historic buildings) and the housing data around it. */
const SYSTEMS = ['historic-buildings', 'building-vibration', 'building-models', 'elevators', 'residential-communities', 'urban-villages', 'signboards', 'city-components'];

let dataDir: string;
let city: SampleCity;
let connectors: Map<string, Connector>;
let citySchema: GraphQLSchema;
const run = async (schema: GraphQLSchema, source: string) => graphql({ schema, source, contextValue: {} });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cityhub-historic-'));
  city = await startSampleCity({ dataDir, only: [...SYSTEMS, 'admin-divisions', 'grids', 'business-registry'] });
  connectors = new Map(city.definitions.map((d) => [d.manifest.id, createConnector(d, { env: city.env, dataDir })]));
  citySchema = composeCitySchema([...connectors.values()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([...(connectors?.values() ?? [])].map((c) => c.close()));
  await city?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the housing systems of the sample city', () => {
  it.each(SYSTEMS)('%s serves rows of every catalogued type that map without type errors', async (id) => {
    const connector = connectors.get(id)!;
    for (const type of Object.keys(connector.manifest.catalogue)) {
      const object = connector.schema.getType(type);
      if (!isObjectType(object)) throw new Error(`${id} has no type ${type}`);
      const leaves = Object.values(object.getFields()).filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
      const geo = Object.values(object.getFields()).filter((f) => getNamedType(f.type).name === 'GeoPoint').map((f) => `${f.name} { lat lng }`);
      const query = `{ rows: ${defaultListField(type)}(first: 200) { ${[...leaves, ...geo].join(' ')} } }`;
      let result = await run(connector.schema, query);
      // MQTT readings reach the connector after it subscribes.
      await waitFor(`${id} ${type} rows`, () => (result.data?.rows as unknown[] | undefined)?.length !== 0, 5_000, async () => {
        result = await run(connector.schema, query);
      });
      expect(result.errors, `${id} ${type}`).toBeUndefined();
      expect((result.data!.rows as unknown[]).length, `${id} ${type}`).toBeGreaterThan(0);
    }
  });

  it('lists every protected building of the model, GBK headers decoded', async () => {
    const { records } = protectedBuildings(city.model);
    const result = await run(connectors.get('historic-buildings')!.schema, `{ historicBuildings(first: 1000) { buildingId name custodian } }`);
    expect(result.errors).toBeUndefined();
    expect((result.data!.historicBuildings as Array<{ buildingId: string }>).map((b) => b.buildingId).sort()).toEqual(records.map((r) => r.buildingId).sort());
    expect(records.length).toBe(city.model.buildings.filter((b) => b.historic).length);
  });

  it('joins a district\'s elevator summary, buildings\' signboards and protected listings through the city schema', async () => {
    const district = city.model.districts[3]!;
    const mine = simulatedElevators(city.model).filter((e) => e.districtCode === district.code);
    const query = `{ district(code: "${district.code}") { elevatorSummary { elevators openFaults } } }`;
    let result = await run(citySchema, query);
    await waitFor('the elevator summary', () => (result.data?.district as any)?.elevatorSummary != null, 5_000, async () => {
      result = await run(citySchema, query);
    });
    expect(result.errors).toBeUndefined();
    expect((result.data!.district as any).elevatorSummary).toEqual({ elevators: mine.length, openFaults: mine.filter((e) => e.fault && e.fault.state !== '已修复').length });

    const historic = city.model.buildings.find((b) => b.historic && b.districtCode === district.code)!;
    const building = await run(citySchema, `{ building(buildingId: "${historic.buildingId}") { buildingId historicListing { buildingId } signboards { buildingId kind } } }`);
    expect(building.errors).toBeUndefined();
    expect((building.data!.building as any).historicListing).toEqual({ buildingId: historic.buildingId });
    for (const signboard of (building.data!.building as any).signboards) expect(signboard).toEqual({ buildingId: historic.buildingId, kind: '店招' });
  });
});
