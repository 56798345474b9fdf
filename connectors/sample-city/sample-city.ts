import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPARTMENTS } from './departments/index.ts';
import type { ConnectorDefinition } from '../sdk/define-connector.ts';
import { createCityModel, DEFAULT_CITY_SEED, type CityModel, type CityScale } from './simulators/city-model.ts';
import { writeCsvDrop } from './simulators/csv-drop.ts';
import { startGraphqlSimulator, type GraphqlSimulator } from './simulators/graphql-simulator.ts';
import { startMqttBroker, type MqttBroker } from './simulators/mqtt-broker.ts';
import { startMqttSimulator, type MqttSimulator } from './simulators/mqtt-simulator.ts';
import { startRestSimulator, type RestSimulator } from './simulators/rest-simulator.ts';
import type { SimulatorSpec } from './simulators/simulator-spec.ts';
import { startSoapSimulator, type SoapSimulator } from './simulators/soap-simulator.ts';
import { writeSqliteSystem } from './simulators/sql-simulator.ts';
import { SIMULATORS } from './simulators/systems/index.ts';

/** The environment variable naming an external MQTT broker for the sample city's sensors. */
export const SAMPLE_CITY_MQTT_ENV = 'CITYHUB_MQTT_URL';

/** Options of {@link startSampleCity}. */
export interface SampleCityOptions {
  /** Where the simulated databases and CSV drops are written (`<dataDir>/legacy/…`). */
  readonly dataDir: string;
  /** Volume of the city. @default 'small' */
  readonly scale?: CityScale;
  /** Seed of the city model. @default DEFAULT_CITY_SEED */
  readonly seed?: number;
  /** Loopback address the simulated services listen on. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Milliseconds between two rounds of sensor readings on MQTT; 0 publishes the first round
   * at start-up and the next ones only on {@link SampleCity.tick} (tests). @default 0
   */
  readonly sensorIntervalMs?: number;
  /**
   * The MQTT broker the sensors publish to and the `mqtt` connectors read; without one the
   * sample city starts its own in-process broker (aedes) on a loopback port.
   * @default process.env.CITYHUB_MQTT_URL
   */
  readonly mqttUrl?: string;
  /** Start only these systems (connector ids), e.g. in a focused test. @default every system of `simulators` */
  readonly only?: readonly string[];
  /** The simulated systems. @default SIMULATORS (connectors/sample-city/simulators/systems) */
  readonly simulators?: readonly SimulatorSpec[];
  /** The connector definitions the simulators are matched with by id. @default DEPARTMENTS */
  readonly departments?: readonly ConnectorDefinition[];
}

/** The sample city's simulated legacy systems, running. */
export interface SampleCity {
  readonly model: CityModel;
  /** The connector definitions of every simulated system, in the order of the simulators. */
  readonly definitions: readonly ConnectorDefinition[];
  /** The endpoint variables the manifests name, pointing at the simulators. */
  readonly env: Readonly<Record<string, string>>;
  /** The running REST simulators, by connector id (tests count their calls). */
  readonly rest: ReadonlyMap<string, RestSimulator>;
  /** The running SOAP simulators, by connector id (tests count their calls). */
  readonly soap: ReadonlyMap<string, SoapSimulator>;
  /** The running GraphQL simulators, by connector id (tests count their calls). */
  readonly graphql: ReadonlyMap<string, GraphqlSimulator>;
  /** The running sensor simulators, by connector id. */
  readonly mqtt: ReadonlyMap<string, MqttSimulator>;
  /** The broker the sensors publish to, when the city has `mqtt` systems. */
  readonly mqttUrl?: string;
  /** Publishes the next round of readings of every sensor simulator; resolves once the broker has them all. */
  tick(): Promise<void>;
  /** Stops every simulator (and the in-process broker). */
  close(): Promise<void>;
}

/** Anything the sample city started and must stop. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Starts the simulated legacy systems of the sample city, all seeded from one city model, and
 * returns the endpoints the connectors' manifests expect: SQLite files and CSV drops under
 * `<dataDir>/legacy/` (rewritten only when the seed or scale changed), REST, SOAP and
 * GraphQL services on loopback ports (started in parallel), and sensors publishing on one
 * MQTT broker. Nothing here is a server to install.
 *
 * ```ts
 * const city = await startSampleCity({ dataDir: './data', sensorIntervalMs: 5_000 });
 * const hub = await createCityHub({ definitions: city.definitions, env: city.env, dataDir: './data' });
 * ```
 */
export async function startSampleCity(options: SampleCityOptions): Promise<SampleCity> {
  const scale = options.scale ?? 'small';
  const seed = options.seed ?? DEFAULT_CITY_SEED;
  const intervalMs = options.sensorIntervalMs ?? 0;
  if (!Number.isInteger(intervalMs) || intervalMs < 0) throw new TypeError(`sensorIntervalMs must be a non-negative integer, received ${intervalMs}`);
  const specs = selectSpecs(options.simulators ?? SIMULATORS, options.only);
  const departments = options.departments ?? DEPARTMENTS;
  const model = createCityModel({ scale, seed });
  const stamp = `${seed}:${scale}`;
  const env: Record<string, string> = {};
  const rest = new Map<string, RestSimulator>();
  const soap = new Map<string, SoapSimulator>();
  const graphql = new Map<string, GraphqlSimulator>();
  const mqtt = new Map<string, MqttSimulator>();
  const started: Closable[] = [];
  let broker: MqttBroker | undefined;
  let mqttUrl: string | undefined;
  const closeAll = async () => {
    // Sensors first (they publish on the broker), then the services, the broker last.
    await Promise.allSettled([...mqtt.values()].map((simulator) => simulator.close()));
    await Promise.allSettled(started.map((simulator) => simulator.close()));
    await broker?.close();
  };

  const definitions = specs.map((spec) => {
    const definition = departments.find((candidate) => candidate.manifest.id === spec.id);
    if (!definition) throw new TypeError(`simulator "${spec.id}" has no connector manifest in connectors/sample-city/departments (DEPARTMENTS)`);
    if (definition.manifest.source.kind !== spec.kind) {
      throw new TypeError(`simulator "${spec.id}" is of kind "${spec.kind}" but its manifest's source is "${definition.manifest.source.kind}"`);
    }
    return definition;
  });
  const variableOf = (spec: SimulatorSpec) => definitions[specs.indexOf(spec)]!.manifest.source.endpointEnv as string;

  try {
    const tasks: Array<Promise<void>> = [];
    const sensorsToStart: Array<() => Promise<void>> = [];
    const mqttSpecs = specs.filter((spec) => spec.kind === 'mqtt');
    if (mqttSpecs.length > 0) {
      mqttUrl = options.mqttUrl ?? process.env[SAMPLE_CITY_MQTT_ENV];
      if (!mqttUrl) {
        broker = await startMqttBroker({ host: options.host });
        mqttUrl = broker.url;
      }
    }
    for (const spec of specs) {
      const variable = variableOf(spec);
      switch (spec.kind) {
        case 'sql': {
          const file = join(options.dataDir, 'legacy', `${spec.id}.sqlite`);
          writeSqliteSystem(file, `${spec.id}:${stamp}`, () => spec.tables(model));
          env[variable] = `sqlite:${file}`;
          break;
        }
        case 'csv': {
          const dir = join(options.dataDir, 'legacy', spec.id);
          writeCsvSystem(dir, `${spec.id}:${stamp}`, () => spec.files(model));
          env[variable] = dir;
          break;
        }
        case 'rest':
          tasks.push(
            startRestSimulator({ resources: spec.resources(model), host: options.host }).then((simulator) => {
              started.push(simulator);
              rest.set(spec.id, simulator);
              env[variable] = simulator.url;
            }),
          );
          break;
        case 'soap':
          tasks.push(
            startSoapSimulator({ ...spec.service(model), host: options.host }).then((simulator) => {
              started.push(simulator);
              soap.set(spec.id, simulator);
              env[variable] = simulator.url;
            }),
          );
          break;
        case 'graphql':
          tasks.push(
            startGraphqlSimulator({ schema: spec.schema(model), host: options.host }).then((simulator) => {
              started.push(simulator);
              graphql.set(spec.id, simulator);
              env[variable] = simulator.url;
            }),
          );
          break;
        case 'mqtt': {
          env[variable] = mqttUrl!;
          const sensors = spec.sensors(model);
          sensorsToStart.push(() =>
            startMqttSimulator({ url: mqttUrl!, sensors, intervalMs }).then(async (simulator) => {
              mqtt.set(spec.id, simulator);
              // The first round, retained: a connector that subscribes later reads it at once.
              await simulator.tick();
            }),
          );
          break;
        }
        default:
          throw new TypeError(`simulator "${(spec as SimulatorSpec).id}" has an unknown kind "${(spec as { kind: unknown }).kind}"`);
      }
    }
    // The sensors connect only once every system's data is generated: generation is
    // synchronous, and at the city scale it held the event loop past the MQTT client's
    // connect timeout ("connack timeout") when a sensor had connected before it.
    tasks.push(...sensorsToStart.map((start) => start()));
    const outcomes = await Promise.allSettled(tasks);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    model,
    definitions,
    env,
    rest,
    soap,
    graphql,
    mqtt,
    ...(mqttUrl ? { mqttUrl } : {}),
    async tick() {
      await Promise.all([...mqtt.values()].map((simulator) => simulator.tick()));
    },
    close: closeAll,
  };
}

// Private: the specs to start, in order, checked for duplicate and unknown ids.
function selectSpecs(all: readonly SimulatorSpec[], only: readonly string[] | undefined): readonly SimulatorSpec[] {
  const seen = new Set<string>();
  for (const spec of all) {
    if (seen.has(spec.id)) throw new TypeError(`simulators lists "${spec.id}" twice`);
    seen.add(spec.id);
  }
  if (only === undefined) return all;
  const unknown = only.filter((id) => !seen.has(id));
  if (unknown.length > 0) throw new TypeError(`only names systems without a simulator: ${unknown.map((id) => `"${id}"`).join(', ')}`);
  return all.filter((spec) => only.includes(spec.id));
}

// Private: a CSV drop is rewritten only when its stamp (system, seed, scale) changed; the
// stamp sits beside the drop directory, so the connector never sees it as a data file.
function writeCsvSystem(dir: string, stamp: string, files: () => Parameters<typeof writeCsvDrop>[1]): void {
  const stampFile = `${dir}.stamp`;
  if (existsSync(dir) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  mkdirSync(dir, { recursive: true });
  writeCsvDrop(dir, files());
  writeFileSync(stampFile, stamp);
}
