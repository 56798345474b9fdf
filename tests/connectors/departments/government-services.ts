import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { createConnector, type Connector, type ConnectorDefinition, type UpstreamCall } from '../../../connectors/index.ts';
import { createCityModel, type CityModel } from '../../../connectors/simulators/city-model.ts';
import { writeCsvDrop } from '../../../connectors/simulators/csv-drop.ts';
import { startRestSimulator, type RestSimulator } from '../../../connectors/simulators/rest-simulator.ts';
import type { SimulatorSpec } from '../../../connectors/simulators/simulator-spec.ts';
import { startSoapSimulator, type SoapSimulator } from '../../../connectors/simulators/soap-simulator.ts';
import { writeSqliteSystem } from '../../../connectors/simulators/sql-simulator.ts';

/** One department's connector over its own simulated legacy system, for focused tests. */
export interface SimulatedSystem {
  readonly model: CityModel;
  readonly connector: Connector;
  /** Where the connector's endpoint variable points: the database URL, service URL or drop directory. */
  readonly endpoint: string;
  /** Every read the connector sent upstream, oldest first. */
  readonly upstreamCalls: UpstreamCall[];
  readonly rest?: RestSimulator;
  readonly soap?: SoapSimulator;
  /** Runs a query on the connector's subschema with a fresh context (fresh loaders). */
  run(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: readonly any[] }>;
  close(): Promise<void>;
}

/**
 * Starts ONE simulated legacy system of the sample city (small scale) from its spec, in a
 * fresh directory or on a loopback port, and connects its manifest to it, the way
 * `startSampleCity` does for all of them.
 */
export async function startSimulatedSystem(definition: ConnectorDefinition, spec: SimulatorSpec): Promise<SimulatedSystem> {
  const model = createCityModel({ scale: 'small' });
  const dataDir = mkdtempSync(join(tmpdir(), `cityhub-${spec.id}-`));
  const variable = definition.manifest.source.endpointEnv as string;
  let endpoint: string;
  let rest: RestSimulator | undefined;
  let soap: SoapSimulator | undefined;
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
  } else {
    throw new Error(`startSimulatedSystem: kind ${spec.kind} is not used by the government-services systems`);
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
    endpoint,
    upstreamCalls,
    ...(rest ? { rest } : {}),
    ...(soap ? { soap } : {}),
    async run(query, variables) {
      const result = await execute({ schema: connector.schema, document: parse(query), variableValues: variables, contextValue: {} });
      return { data: result.data as any, ...(result.errors ? { errors: result.errors } : {}) };
    },
    async close() {
      await connector.close();
      await rest?.close();
      await soap?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
