import { join } from 'node:path';
import { DEPARTMENTS } from './departments/index.ts';
import type { ConnectorDefinition } from './sdk/define-connector.ts';
import { createCityModel, DEFAULT_CITY_SEED, type CityModel, type CityScale } from './simulators/city-model.ts';
import { writeCsvDrop } from './simulators/csv-drop.ts';
import { startRestSimulator, type RestSimulator } from './simulators/rest-simulator.ts';
import { startSoapSimulator, type SoapSimulator } from './simulators/soap-simulator.ts';
import { writeSqliteSystem } from './simulators/sql-simulator.ts';
import { SIMULATORS } from './simulators/systems/index.ts';

/** Options of {@link startSampleCity}. */
export interface SampleCityOptions {
  /** Where the simulated databases are written (`<dataDir>/legacy/<id>.sqlite`). */
  readonly dataDir: string;
  /** Volume of the city. @default 'small' */
  readonly scale?: CityScale;
  /** Seed of the city model. @default DEFAULT_CITY_SEED */
  readonly seed?: number;
  /** Loopback address the simulated services listen on. @default '127.0.0.1' */
  readonly host?: string;
}

/** The sample city's simulated legacy systems, running. */
export interface SampleCity {
  readonly model: CityModel;
  /** The connector definitions of every simulated system. */
  readonly definitions: readonly ConnectorDefinition[];
  /** The endpoint variables the manifests name, pointing at the simulators. */
  readonly env: Readonly<Record<string, string>>;
  /** The running REST simulators, by connector id (tests count their calls). */
  readonly rest: ReadonlyMap<string, RestSimulator>;
  /** The running SOAP simulators, by connector id (tests count their calls). */
  readonly soap: ReadonlyMap<string, SoapSimulator>;
  close(): Promise<void>;
}

/**
 * Starts the simulated legacy systems of the sample city on loopback ports and in SQLite
 * files, all seeded from one city model, and returns the endpoints the connectors'
 * manifests expect. Nothing here is a server to install.
 *
 * ```ts
 * const city = await startSampleCity({ dataDir: './data' });
 * const hub = await createCityHub({ definitions: city.definitions, env: city.env, dataDir: './data' });
 * ```
 */
export async function startSampleCity(options: SampleCityOptions): Promise<SampleCity> {
  const scale = options.scale ?? 'small';
  const seed = options.seed ?? DEFAULT_CITY_SEED;
  const model = createCityModel({ scale, seed });
  const env: Record<string, string> = {};
  const rest = new Map<string, RestSimulator>();
  const soap = new Map<string, SoapSimulator>();
  const closeAll = () => Promise.all([...rest.values(), ...soap.values()].map((simulator) => simulator.close()));
  const definitions: ConnectorDefinition[] = [];
  try {
    for (const spec of SIMULATORS) {
      const definition = DEPARTMENTS.find((candidate) => candidate.manifest.id === spec.id);
      if (!definition) throw new Error(`simulator "${spec.id}" has no connector manifest in connectors/departments`);
      const variable = definition.manifest.source.endpointEnv as string;
      if (spec.kind === 'sql') {
        const file = join(options.dataDir, 'legacy', `${spec.id}.sqlite`);
        writeSqliteSystem(file, `${spec.id}:${seed}:${scale}`, () => spec.tables(model));
        env[variable] = `sqlite:${file}`;
      } else if (spec.kind === 'rest') {
        const simulator = await startRestSimulator({ resources: spec.resources(model), host: options.host });
        rest.set(spec.id, simulator);
        env[variable] = simulator.url;
      } else if (spec.kind === 'soap') {
        const simulator = await startSoapSimulator({ ...spec.service(model), host: options.host });
        soap.set(spec.id, simulator);
        env[variable] = simulator.url;
      } else if (spec.kind === 'csv') {
        const dir = join(options.dataDir, 'legacy', spec.id);
        writeCsvDrop(dir, spec.files(model));
        env[variable] = dir;
      }
      definitions.push(definition);
    }
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
    close: async () => {
      await closeAll();
    },
  };
}
