import { join } from 'node:path';
import { DEPARTMENTS } from './departments/index.ts';
import type { ConnectorDefinition } from '../sdk/define-connector.ts';
import { createCityModel, DEFAULT_CITY_SEED, type CityModel, type CityScale } from './simulators/city-model.ts';
import type { GraphqlSimulator } from './simulators/graphql-simulator.ts';
import { startMqttBroker, type MqttBroker } from './simulators/mqtt-broker.ts';
import type { MqttSimulator } from './simulators/mqtt-simulator.ts';
import type { RestSimulator } from './simulators/rest-simulator.ts';
import type { SimulatorSpec } from './simulators/simulator-spec.ts';
import type { SoapSimulator } from './simulators/soap-simulator.ts';
import { startSimulatedSystem, type SimulatedSystem } from './start-simulated-system.ts';
import { SIMULATORS } from './simulators/systems/index.ts';

/** The environment variable naming an external MQTT broker for the sample city's sensors. */
export const SAMPLE_CITY_MQTT_ENV = 'CITYHUB_MQTT_URL';

/** The environment variable of the sample city's simulated latency (see {@link SampleCityOptions.latencyMs}). */
export const SAMPLE_CITY_LATENCY_ENV = 'CITYHUB_SAMPLE_CITY_LATENCY_MS';

/** The default of {@link SampleCityOptions.sensorReadingsPerRound}. */
export const SENSOR_READINGS_PER_ROUND = 10_000;

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
   * The most readings one sensor simulator publishes in a round after the first (which
   * publishes every sensor): a larger system's sensors report in staggered shares, each every
   * few rounds (see `MqttSimulatorOptions.maxReadingsPerRound`). No system of the small scale
   * has this many sensors. @default 10_000
   */
  readonly sensorReadingsPerRound?: number;
  /**
   * The MQTT broker the sensors publish to and the `mqtt` connectors read; without one the
   * sample city starts its own in-process broker (aedes) on a loopback port.
   * @default process.env.CITYHUB_MQTT_URL
   */
  readonly mqttUrl?: string;
  /**
   * Milliseconds every simulated REST, SOAP and GraphQL service waits before it answers, as a
   * slow legacy system would (`CITYHUB_SAMPLE_CITY_LATENCY_MS` for the CLI): to watch timeouts,
   * the circuit breaker and a drain at work. Keep it below the manifests' `timeoutMs`.
   * @default process.env.CITYHUB_SAMPLE_CITY_LATENCY_MS, else 0
   */
  readonly latencyMs?: number;
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
  const latencyMs = options.latencyMs ?? Number(process.env[SAMPLE_CITY_LATENCY_ENV] || 0);
  if (!Number.isInteger(latencyMs) || latencyMs < 0) {
    throw new TypeError(`latencyMs (env ${SAMPLE_CITY_LATENCY_ENV}) must be a non-negative integer of milliseconds, received ${JSON.stringify(options.latencyMs ?? process.env[SAMPLE_CITY_LATENCY_ENV])}`);
  }
  const specs = selectSpecs(options.simulators ?? SIMULATORS, options.only);
  const departments = options.departments ?? DEPARTMENTS;
  const model = createCityModel({ scale, seed });
  const stamp = `${seed}:${scale}`;
  const env: Record<string, string> = {};
  const rest = new Map<string, RestSimulator>();
  const soap = new Map<string, SoapSimulator>();
  const graphql = new Map<string, GraphqlSimulator>();
  const mqtt = new Map<string, MqttSimulator>();
  const started: SimulatedSystem[] = [];
  let broker: MqttBroker | undefined;
  let mqttUrl: string | undefined;
  const closeAll = async () => {
    // Sensors first (they publish on the broker), then the services, the broker last.
    await Promise.allSettled(started.filter((system) => system.mqtt).map((system) => system.close()));
    await Promise.allSettled(started.filter((system) => !system.mqtt).map((system) => system.close()));
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

  try {
    if (specs.some((spec) => spec.kind === 'mqtt')) {
      mqttUrl = options.mqttUrl ?? process.env[SAMPLE_CITY_MQTT_ENV];
      if (!mqttUrl) {
        broker = await startMqttBroker({ host: options.host });
        mqttUrl = broker.url;
      }
    }
    const legacyDir = join(options.dataDir, 'legacy');
    // Files are written in order as each start begins; the services start in parallel. The
    // sensors come last: generation is synchronous, and at the city scale it held the event
    // loop past the MQTT client's connect timeout ("connack timeout") when a sensor had
    // connected before the later systems' data was generated.
    const order = specs.map((spec, index) => ({ spec, index })).sort((a, b) => Number(a.spec.kind === 'mqtt') - Number(b.spec.kind === 'mqtt'));
    const outcomes = await Promise.allSettled(
      order.map(async ({ spec, index }) => {
        const system = await startSimulatedSystem({ spec, model, legacyDir, stamp: `${spec.id}:${stamp}`, host: options.host, mqttUrl, sensorIntervalMs: intervalMs, sensorReadingsPerRound: options.sensorReadingsPerRound ?? SENSOR_READINGS_PER_ROUND });
        started.push(system);
        env[definitions[index]!.manifest.source.endpointEnv as string] = system.endpoint;
        if (system.rest) rest.set(spec.id, system.rest);
        if (system.soap) soap.set(spec.id, system.soap);
        if (system.graphql) graphql.set(spec.id, system.graphql);
        if (system.mqtt) mqtt.set(spec.id, system.mqtt);
      }),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    if (latencyMs > 0) for (const simulator of [...rest.values(), ...soap.values(), ...graphql.values()]) simulator.setDelay(latencyMs);
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
