import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { createConnector, type Connector, type ConnectorDefinition, type UpstreamCall } from '../../../connectors/index.ts';
import { createCityModel, type CityModel } from '../../../connectors/simulators/city-model.ts';
import { writeCsvDrop } from '../../../connectors/simulators/csv-drop.ts';
import { startMqttBroker, type MqttBroker } from '../../../connectors/simulators/mqtt-broker.ts';
import { startMqttSimulator, type MqttSimulator } from '../../../connectors/simulators/mqtt-simulator.ts';
import { startRestSimulator, type RestSimulator } from '../../../connectors/simulators/rest-simulator.ts';
import type { SimulatorSpec } from '../../../connectors/simulators/simulator-spec.ts';
import { startSoapSimulator, type SoapSimulator } from '../../../connectors/simulators/soap-simulator.ts';
import { writeSqliteSystem } from '../../../connectors/simulators/sql-simulator.ts';

/** One department's connector over its own simulated legacy system (small scale), for focused tests. */
export interface CivilSafetySystem {
  readonly model: CityModel;
  readonly connector: Connector;
  /** Every read the connector sent upstream, oldest first. */
  readonly upstreamCalls: UpstreamCall[];
  readonly rest?: RestSimulator;
  readonly soap?: SoapSimulator;
  readonly mqtt?: MqttSimulator;
  /** Runs a query on the connector's subschema with a fresh context (fresh loaders). */
  run(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: readonly any[] }>;
  close(): Promise<void>;
}

/**
 * Starts ONE simulated legacy system of the sample city from its spec (a SQLite file, a CSV
 * drop, a REST or SOAP service on a loopback port, or sensors on an embedded MQTT broker,
 * their first round published) and connects its manifest to it, as `startSampleCity` does.
 */
export async function startCivilSafetySystem(definition: ConnectorDefinition, spec: SimulatorSpec): Promise<CivilSafetySystem> {
  const model = createCityModel({ scale: 'small' });
  const dataDir = mkdtempSync(join(tmpdir(), `cityhub-${spec.id}-`));
  const variable = definition.manifest.source.endpointEnv as string;
  let endpoint: string;
  let rest: RestSimulator | undefined;
  let soap: SoapSimulator | undefined;
  let broker: MqttBroker | undefined;
  let mqtt: MqttSimulator | undefined;
  if (spec.kind === 'sql') {
    const file = join(dataDir, `${spec.id}.sqlite`);
    writeSqliteSystem(file, 'test', () => spec.tables(model));
    endpoint = `sqlite:${file}`;
  } else if (spec.kind === 'rest') {
    rest = await startRestSimulator({ resources: spec.resources(model) });
    endpoint = rest.url;
  } else if (spec.kind === 'soap') {
    soap = await startSoapSimulator(spec.service(model));
    endpoint = soap.url;
  } else if (spec.kind === 'csv') {
    endpoint = join(dataDir, spec.id);
    writeCsvDrop(endpoint, spec.files(model));
  } else if (spec.kind === 'mqtt') {
    broker = await startMqttBroker();
    mqtt = await startMqttSimulator({ url: broker.url, sensors: spec.sensors(model), intervalMs: 0 });
    await mqtt.tick();
    endpoint = broker.url;
  } else {
    throw new Error(`startCivilSafetySystem: kind ${spec.kind} is not used by these systems`);
  }
  const upstreamCalls: UpstreamCall[] = [];
  const connector = createConnector(definition, {
    env: { [variable]: endpoint },
    dataDir,
    onUpstreamCall: (call) => upstreamCalls.push(call),
  });
  return {
    model,
    connector,
    upstreamCalls,
    ...(rest ? { rest } : {}),
    ...(soap ? { soap } : {}),
    ...(mqtt ? { mqtt } : {}),
    async run(query, variables) {
      const result = await execute({ schema: connector.schema, document: parse(query), variableValues: variables, contextValue: {} });
      return { data: result.data as any, ...(result.errors ? { errors: result.errors } : {}) };
    },
    async close() {
      await connector.close();
      await rest?.close();
      await soap?.close();
      await mqtt?.close();
      await broker?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The selection of every catalogued field of `type` (`GeoPoint` fields as `{ lat lng }`). */
export function everyField(definition: ConnectorDefinition, type: string): string {
  const fields = definition.manifest.catalogue[type]!.fields;
  return Object.entries(fields)
    .map(([name, field]) => (field.type === 'GeoPoint' ? `${name} { lat lng }` : name))
    .join(' ');
}

/** Options of {@link checkServesCatalogue}. */
export interface ServesCatalogueOptions {
  readonly definition: ConnectorDefinition;
  readonly type: string;
  /** The legacy rows of `type` the simulator holds, from the spec and the model. */
  readonly legacyRows: (model: CityModel) => ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/**
 * Checks the two behaviours every department system shares: its root list serves the
 * simulator's rows with every catalogued field typed by the catalogue (the key of each row
 * the legacy key), and a batch of keys costs one upstream call answering in key order.
 */
export async function checkServesCatalogue(system: CivilSafetySystem, options: ServesCatalogueOptions): Promise<void> {
  const { definition, type } = options;
  const def = definition.manifest.catalogue[type]!;
  const keyFrom = def.fields[def.key]!.from as string;
  const legacy = options.legacyRows(system.model);
  if (legacy.length === 0) throw new Error(`the ${definition.manifest.id} simulator holds no ${type} rows`);
  const listField = def.listField ?? `${type.charAt(0).toLowerCase()}${type.slice(1)}s`;
  const list = await system.run(`{ rows: ${listField}(first: 1000) { ${everyField(definition, type)} } }`);
  if (list.errors) throw new Error(`${listField} answered errors: ${list.errors.map((e: any) => e.message).join('; ')}`);
  const keys = legacy.map((row) => String(row[keyFrom]));
  const got = (list.data.rows as Array<Record<string, unknown>>).map((row) => String(row[def.key]));
  const expectedKeys = new Set(keys);
  if (got.length !== Math.min(1000, legacy.length)) throw new Error(`${listField} returned ${got.length} rows, the simulator holds ${legacy.length}`);
  const stray = got.find((key) => !expectedKeys.has(key));
  if (stray) throw new Error(`${listField} returned ${stray}, which the simulator does not hold`);

  const batch = [...keys.slice(0, 30), 'NO-SUCH-KEY'];
  system.upstreamCalls.length = 0;
  const lookup = await system.run(`query ($keys: [String!]!) { _lookup${type}(keys: $keys) { ${def.key} } }`, { keys: batch });
  if (lookup.errors) throw new Error(`_lookup${type} answered errors: ${lookup.errors.map((e: any) => e.message).join('; ')}`);
  const answered = (lookup.data[`_lookup${type}`] as Array<Record<string, unknown> | null>).map((row) => (row ? String(row[def.key]) : null));
  const wanted = [...batch.slice(0, -1), null];
  if (JSON.stringify(answered) !== JSON.stringify(wanted)) throw new Error(`_lookup${type} answered ${JSON.stringify(answered)}, expected ${JSON.stringify(wanted)}`);
  const calls = system.upstreamCalls.filter((call) => call.type === type);
  if (calls.length !== 1 || calls[0]!.batchSize !== batch.length) {
    throw new Error(`a batch of ${batch.length} ${type} keys cost ${JSON.stringify(calls)} upstream calls, expected one carrying every key`);
  }
}
