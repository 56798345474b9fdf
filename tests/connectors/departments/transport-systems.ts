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

/** One transport or muck-truck system: its connector over its own simulated legacy system (small scale). */
export interface TransportSystem {
  readonly model: CityModel;
  readonly connector: Connector;
  /** Where the connector reads from: the database URL, service URL, drop directory or broker URL. */
  readonly endpoint: string;
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
 * Starts ONE simulated legacy system from its spec, as the sample city does (a SQLite file,
 * a CSV drop, a REST or SOAP service on a loopback port, or sensors on an embedded MQTT
 * broker with their first round published), and connects its manifest to it.
 */
export async function startTransportSystem(definition: ConnectorDefinition, spec: SimulatorSpec): Promise<TransportSystem> {
  const model = createCityModel({ scale: 'small' });
  const dataDir = mkdtempSync(join(tmpdir(), `cityhub-${spec.id}-`));
  let endpoint: string;
  let rest: RestSimulator | undefined;
  let soap: SoapSimulator | undefined;
  let broker: MqttBroker | undefined;
  let mqtt: MqttSimulator | undefined;
  switch (spec.kind) {
    case 'sql': {
      const file = join(dataDir, `${spec.id}.sqlite`);
      writeSqliteSystem(file, 'test', () => spec.tables(model));
      endpoint = `sqlite:${file}`;
      break;
    }
    case 'rest':
      rest = await startRestSimulator({ resources: spec.resources(model) });
      endpoint = rest.url;
      break;
    case 'soap':
      soap = await startSoapSimulator(spec.service(model));
      endpoint = soap.url;
      break;
    case 'csv':
      endpoint = join(dataDir, spec.id);
      writeCsvDrop(endpoint, spec.files(model));
      break;
    case 'mqtt':
      broker = await startMqttBroker();
      mqtt = await startMqttSimulator({ url: broker.url, sensors: spec.sensors(model), intervalMs: 0 });
      await mqtt.tick();
      endpoint = broker.url;
      break;
    default:
      throw new Error(`startTransportSystem: kind ${spec.kind} is not used by these systems`);
  }
  const upstreamCalls: UpstreamCall[] = [];
  const variable = definition.manifest.source.endpointEnv as string;
  const connector = createConnector(definition, { env: { [variable]: endpoint }, dataDir, onUpstreamCall: (call) => upstreamCalls.push(call) });
  return {
    model,
    connector,
    endpoint,
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

/** Polls `read` until `done` holds for its answer, failing with `what` after `timeoutMs`. */
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
