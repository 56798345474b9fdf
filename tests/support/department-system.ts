import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { createConnector, defaultListField, type Connector, type ConnectorDefinition, type UpstreamCall } from '../../connectors/index.ts';
import { createCityModel, type CityModel } from '../../connectors/sample-city/simulators/city-model.ts';
import { startMqttBroker, type MqttBroker } from '../../connectors/sample-city/simulators/mqtt-broker.ts';
import type { MqttSimulator } from '../../connectors/sample-city/simulators/mqtt-simulator.ts';
import type { GraphqlSimulator } from '../../connectors/sample-city/simulators/graphql-simulator.ts';
import type { RestSimulator } from '../../connectors/sample-city/simulators/rest-simulator.ts';
import type { SimulatorSpec } from '../../connectors/sample-city/simulators/simulator-spec.ts';
import type { SoapSimulator } from '../../connectors/sample-city/simulators/soap-simulator.ts';
import type { LegacyTable } from '../../connectors/sample-city/simulators/sql-simulator.ts';
import { startSimulatedSystem, type SimulatedSystem } from '../../connectors/sample-city/start-simulated-system.ts';

/** Legacy rows as a simulator holds them (legacy column names). */
export type LegacyRows = ReadonlyArray<Readonly<Record<string, unknown>>>;

/** Options of {@link DepartmentSystem.checkServesCatalogue}. */
export interface ServesCatalogueOptions {
  /** The catalogued type to check. */
  readonly type: string;
  /** The legacy rows of `type` the simulator holds, from the spec and the model. */
  readonly legacyRows: (model: CityModel) => LegacyRows;
}

/**
 * One department's connector over its own simulated legacy system (small-scale city model),
 * for the focused tests of tests/connectors/departments/.
 */
export interface DepartmentSystem {
  readonly definition: ConnectorDefinition;
  readonly model: CityModel;
  readonly connector: Connector;
  /** Where the connector's endpoint variable points: the database URL, service URL, drop directory or broker URL. */
  readonly endpoint: string;
  /** Every read the connector sent upstream, oldest first. */
  readonly upstreamCalls: UpstreamCall[];
  /** The REST simulator (rest systems), with its recorded calls. */
  readonly rest?: RestSimulator;
  /** The GraphQL simulator (graphql systems), with its recorded calls, delay and failure switches. */
  readonly graphql?: GraphqlSimulator;
  /** The SOAP simulator (soap systems), with its recorded calls and fault switch. */
  readonly soap?: SoapSimulator;
  /** The sensors (mqtt systems), with their first round published; `tick()` publishes the next. */
  readonly mqtt?: MqttSimulator;
  /** The legacy tables the simulator wrote (sql systems), to compute expectations from. */
  readonly tables?: readonly LegacyTable[];
  /** Runs a query on the connector's subschema with a fresh context (fresh loaders). */
  run(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: readonly any[] }>;
  /**
   * Checks the two behaviours every department system shares, throwing what differs:
   * - the root list of `type` serves the simulator's rows with EVERY catalogued field, which
   *   maps without type errors, as many rows as the simulator holds (up to 1000) and only
   *   keys the simulator holds (each row's key its legacy key);
   * - a batch of N keys (up to 30 held keys and one unknown) costs exactly ONE upstream call
   *   carrying all N keys, answered in key order with `null` for the unknown key.
   */
  checkServesCatalogue(options: ServesCatalogueOptions): Promise<void>;
  /** Stops the simulator and the connector and removes the system's data directory. */
  close(): Promise<void>;
}

/**
 * Starts ONE simulated legacy system of the sample city (small scale) from its spec with
 * `startSimulatedSystem`, as `startSampleCity` does for all of them — a SQLite file, a CSV
 * drop, a REST, SOAP or GraphQL service on a loopback port, or sensors on an embedded MQTT
 * broker of its own with their first round published — in a fresh data directory, and
 * connects its manifest to it.
 *
 * ```ts
 * const system = await startDepartmentSystem(definition, spec);
 * await system.checkServesCatalogue({ type: 'FireHazard', legacyRows: (model) => … });
 * await system.close();
 * ```
 */
export async function startDepartmentSystem(definition: ConnectorDefinition, spec: SimulatorSpec): Promise<DepartmentSystem> {
  if (spec.id !== definition.manifest.id) {
    throw new TypeError(`startDepartmentSystem: spec.id "${spec.id}" is not the connector id "${definition.manifest.id}"`);
  }
  const model = createCityModel({ scale: 'small' });
  const dataDir = mkdtempSync(join(tmpdir(), `cityhub-${spec.id}-`));
  let broker: MqttBroker | undefined;
  let simulated: SimulatedSystem;
  try {
    if (spec.kind === 'mqtt') broker = await startMqttBroker();
    simulated = await startSimulatedSystem({ spec, model, legacyDir: dataDir, stamp: 'test', mqttUrl: broker?.url });
  } catch (error) {
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { endpoint, rest, soap, graphql, mqtt } = simulated;
  // The rows the simulator wrote, for the expectations of sql systems.
  const tables: readonly LegacyTable[] | undefined = spec.kind === 'sql' ? spec.tables(model) : undefined;
  const upstreamCalls: UpstreamCall[] = [];
  const variable = definition.manifest.source.endpointEnv as string;
  const connector = createConnector(definition, { env: { [variable]: endpoint }, dataDir, onUpstreamCall: (call) => upstreamCalls.push(call) });
  const system: DepartmentSystem = {
    definition,
    model,
    connector,
    endpoint,
    upstreamCalls,
    ...(rest ? { rest } : {}),
    ...(soap ? { soap } : {}),
    ...(graphql ? { graphql } : {}),
    ...(mqtt ? { mqtt } : {}),
    ...(tables ? { tables } : {}),
    async run(query, variables) {
      const result = await execute({ schema: connector.schema, document: parse(query), variableValues: variables, contextValue: {} });
      return { data: result.data as any, ...(result.errors ? { errors: result.errors } : {}) };
    },
    checkServesCatalogue: (options) => checkServesCatalogue(system, options),
    async close() {
      await connector.close();
      await simulated.close();
      await broker?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return system;
}

/** The selection of every catalogued field of `type` (`GeoPoint` fields as `{ lat lng }`). */
function everyField(definition: ConnectorDefinition, type: string): string {
  const fields = definition.manifest.catalogue[type]!.fields;
  return Object.entries(fields)
    .map(([name, field]) => (field.type === 'GeoPoint' ? `${name} { lat lng }` : name))
    .join(' ');
}

const messagesOf = (errors: readonly any[]) => errors.map((e) => e.message).join('; ');

async function checkServesCatalogue(system: DepartmentSystem, { type, legacyRows }: ServesCatalogueOptions): Promise<void> {
  const { definition } = system;
  const def = definition.manifest.catalogue[type];
  if (!def) throw new TypeError(`checkServesCatalogue: type "${type}" is not catalogued by ${definition.manifest.id}`);
  const keyFrom = def.fields[def.key]!.from as string;
  const legacy = legacyRows(system.model);
  if (legacy.length === 0) throw new Error(`the ${definition.manifest.id} simulator holds no ${type} rows`);
  const listField = def.listField ?? defaultListField(type);
  const list = await system.run(`{ rows: ${listField}(first: 1000) { ${everyField(definition, type)} } }`);
  if (list.errors) throw new Error(`${listField} answered errors: ${messagesOf(list.errors)}`);
  const keys = legacy.map((row) => String(row[keyFrom]));
  const got = (list.data.rows as Array<Record<string, unknown>>).map((row) => String(row[def.key]));
  const expectedKeys = new Set(keys);
  if (got.length !== Math.min(1000, legacy.length)) throw new Error(`${listField} returned ${got.length} rows, the simulator holds ${legacy.length}`);
  const stray = got.find((key) => !expectedKeys.has(key));
  if (stray) throw new Error(`${listField} returned ${stray}, which the simulator does not hold`);

  const batch = [...keys.slice(0, 30), 'NO-SUCH-KEY'];
  system.upstreamCalls.length = 0;
  const lookup = await system.run(`query ($keys: [String!]!) { _lookup${type}(keys: $keys) { ${def.key} } }`, { keys: batch });
  if (lookup.errors) throw new Error(`_lookup${type} answered errors: ${messagesOf(lookup.errors)}`);
  const answered = (lookup.data[`_lookup${type}`] as Array<Record<string, unknown> | null>).map((row) => (row ? String(row[def.key]) : null));
  const wanted = [...batch.slice(0, -1), null];
  if (JSON.stringify(answered) !== JSON.stringify(wanted)) throw new Error(`_lookup${type} answered ${JSON.stringify(answered)}, expected ${JSON.stringify(wanted)}`);
  const calls = system.upstreamCalls.filter((call) => call.type === type);
  if (calls.length !== 1 || calls[0]!.batchSize !== batch.length) {
    throw new Error(`a batch of ${batch.length} ${type} keys cost ${JSON.stringify(calls)} upstream calls, expected one carrying every key`);
  }
}

/** Polls `read` until `done` holds for its answer (MQTT readings arrive asynchronously), failing with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A legacy local time (`YYYY-MM-DD HH:mm:ss`, UTC+8) as the ISO instant the connectors return. */
export function isoOf(local: string): string {
  return new Date(`${local.replace(' ', 'T')}+08:00`).toISOString();
}
