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
import { writeSqliteSystem, type LegacyTable } from '../../../connectors/simulators/sql-simulator.ts';

/** One city-vital-signs system: its connector over its own simulated legacy system (small scale). */
export interface VitalSignsSystem {
  readonly model: CityModel;
  readonly connector: Connector;
  /** Every read the connector sent upstream, oldest first. */
  readonly upstreamCalls: UpstreamCall[];
  readonly rest?: RestSimulator;
  readonly soap?: SoapSimulator;
  readonly mqtt?: MqttSimulator;
  /** The legacy tables the simulator wrote (sql systems), to compute expectations from. */
  readonly tables?: readonly LegacyTable[];
  /** Runs a query on the connector's subschema with a fresh context (fresh loaders). */
  run(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: readonly any[] }>;
  close(): Promise<void>;
}

/**
 * Starts ONE simulated legacy system from its spec (a SQLite file, a CSV drop, a REST or SOAP
 * service on a loopback port, or sensors on an embedded MQTT broker with their first round
 * published) and connects its manifest to it, the way the sample city does.
 */
export async function startVitalSignsSystem(definition: ConnectorDefinition, spec: SimulatorSpec): Promise<VitalSignsSystem> {
  const model = createCityModel({ scale: 'small' });
  const dataDir = mkdtempSync(join(tmpdir(), `cityhub-${spec.id}-`));
  const variable = definition.manifest.source.endpointEnv as string;
  let endpoint: string;
  let rest: RestSimulator | undefined;
  let soap: SoapSimulator | undefined;
  let broker: MqttBroker | undefined;
  let mqtt: MqttSimulator | undefined;
  let tables: readonly LegacyTable[] | undefined;
  if (spec.kind === 'sql') {
    const file = join(dataDir, `${spec.id}.sqlite`);
    tables = spec.tables(model);
    writeSqliteSystem(file, 'test', () => tables!);
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
    throw new Error(`startVitalSignsSystem: kind ${spec.kind} is not used by these systems`);
  }
  const upstreamCalls: UpstreamCall[] = [];
  const connector = createConnector(definition, { env: { [variable]: endpoint }, dataDir, onUpstreamCall: (call) => upstreamCalls.push(call) });
  return {
    model,
    connector,
    upstreamCalls,
    ...(rest ? { rest } : {}),
    ...(soap ? { soap } : {}),
    ...(mqtt ? { mqtt } : {}),
    ...(tables ? { tables } : {}),
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
