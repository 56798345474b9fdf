import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CityModel } from './simulators/city-model.ts';
import { writeCsvDrop, type LegacyCsvFile } from './simulators/csv-drop.ts';
import { startGraphqlSimulator, type GraphqlSimulator } from './simulators/graphql-simulator.ts';
import { startMqttSimulator, type MqttSimulator } from './simulators/mqtt-simulator.ts';
import { startRestSimulator, type RestSimulator } from './simulators/rest-simulator.ts';
import type { SimulatorSpec } from './simulators/simulator-spec.ts';
import { startSoapSimulator, type SoapSimulator } from './simulators/soap-simulator.ts';
import { writeSqliteSystem } from './simulators/sql-simulator.ts';

/** Options of {@link startSimulatedSystem}. */
export interface SimulatedSystemOptions {
  /** The system to simulate. */
  readonly spec: SimulatorSpec;
  /** The city model it is seeded from. */
  readonly model: CityModel;
  /** Directory of the SQLite file (`<legacyDir>/<id>.sqlite`) and the CSV drop (`<legacyDir>/<id>/`). */
  readonly legacyDir: string;
  /** What the files were written from (system, seed, scale): they are rewritten only when it changed. */
  readonly stamp: string;
  /** Loopback address the REST, SOAP and GraphQL services listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** The broker sensors publish to; required for `mqtt` systems. */
  readonly mqttUrl?: string;
  /** Milliseconds between two rounds of sensor readings; 0: only on `tick()`. @default 0 */
  readonly sensorIntervalMs?: number;
  /** The most readings a sensor round after the first publishes (`MqttSimulatorOptions.maxReadingsPerRound`). @default every sensor */
  readonly sensorReadingsPerRound?: number;
}

/** One simulated legacy system, running (or written, for files). */
export interface SimulatedSystem {
  readonly spec: SimulatorSpec;
  /** What the manifest's `source.endpointEnv` must hold: `sqlite:<file>`, a service URL, a drop directory or the broker URL. */
  readonly endpoint: string;
  readonly rest?: RestSimulator;
  readonly soap?: SoapSimulator;
  readonly graphql?: GraphqlSimulator;
  /** The sensors, with their first round published (retained). */
  readonly mqtt?: MqttSimulator;
  /** Stops the service or the sensors (files stay). */
  close(): Promise<void>;
}

/**
 * Starts ONE simulated legacy system from its spec: the one place that knows, for each kind,
 * how a simulator is started and what endpoint the connector gets. `startSampleCity` starts
 * every system with it, and the tests start a single department's system with it.
 *
 * ```ts
 * const system = await startSimulatedSystem({ spec, model, legacyDir: './data/legacy', stamp: 'parks:1:small' });
 * env[manifest.source.endpointEnv] = system.endpoint;
 * ```
 */
export async function startSimulatedSystem(options: SimulatedSystemOptions): Promise<SimulatedSystem> {
  const { spec, model, host } = options;
  const nothing = async () => {};
  switch (spec.kind) {
    case 'sql': {
      const file = join(options.legacyDir, `${spec.id}.sqlite`);
      writeSqliteSystem(file, options.stamp, () => spec.tables(model));
      return { spec, endpoint: `sqlite:${file}`, close: nothing };
    }
    case 'csv': {
      const dir = join(options.legacyDir, spec.id);
      writeCsvSystem(dir, options.stamp, () => spec.files(model));
      return { spec, endpoint: dir, close: nothing };
    }
    case 'rest': {
      const rest = await startRestSimulator({ resources: spec.resources(model), host });
      return { spec, endpoint: rest.url, rest, close: () => rest.close() };
    }
    case 'soap': {
      const soap = await startSoapSimulator({ ...spec.service(model), host });
      return { spec, endpoint: soap.url, soap, close: () => soap.close() };
    }
    case 'graphql': {
      const graphql = await startGraphqlSimulator({ schema: spec.schema(model), host });
      return { spec, endpoint: graphql.url, graphql, close: () => graphql.close() };
    }
    case 'mqtt': {
      if (!options.mqttUrl) throw new TypeError(`simulator "${spec.id}" is of kind "mqtt": mqttUrl must name the broker its sensors publish to`);
      const mqtt = await startMqttSimulator({
        url: options.mqttUrl,
        sensors: spec.sensors(model),
        intervalMs: options.sensorIntervalMs ?? 0,
        ...(options.sensorReadingsPerRound !== undefined ? { maxReadingsPerRound: options.sensorReadingsPerRound } : {}),
      });
      try {
        // The first round, retained: a connector that subscribes later reads it at once.
        await mqtt.tick();
      } catch (error) {
        await mqtt.close();
        throw error;
      }
      return { spec, endpoint: options.mqttUrl, mqtt, close: () => mqtt.close() };
    }
    default:
      throw new TypeError(`simulator "${(spec as SimulatorSpec).id}" has an unknown kind "${(spec as { kind: unknown }).kind}"`);
  }
}

// Private: a CSV drop is rewritten only when its stamp (system, seed, scale) changed; the
// stamp sits beside the drop directory, so the connector never sees it as a data file.
function writeCsvSystem(dir: string, stamp: string, files: () => readonly LegacyCsvFile[]): void {
  const stampFile = `${dir}.stamp`;
  if (existsSync(dir) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  mkdirSync(dir, { recursive: true });
  writeCsvDrop(dir, files());
  writeFileSync(stampFile, stamp);
}
