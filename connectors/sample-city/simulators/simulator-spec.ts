import type { GraphQLSchema } from 'graphql';
import type { CityModel } from './city-model.ts';
import type { LegacyCsvFile } from './csv-drop.ts';
import type { SimulatedSensor } from './mqtt-simulator.ts';
import type { LegacyRestResource } from './rest-simulator.ts';
import type { SoapSimulatorOptions } from './soap-simulator.ts';
import type { LegacyTable } from './sql-simulator.ts';

/**
 * How the sample city simulates one department's legacy system, seeded from the city model.
 * Its `id` is the id of the connector that reads it; `connectors/sample-city/sample-city.ts` starts it
 * and sets the manifest's `source.endpointEnv` to where it runs.
 *
 * ```ts
 * const spec: SimulatorSpec = { id: 'parks', kind: 'csv', files: (model) => [{ name: '公园名录.csv', encoding: 'gbk', columns, rows }] };
 * ```
 */
export type SimulatorSpec = SqlSimulatorSpec | RestSimulatorSpec | SoapSimulatorSpec | CsvSimulatorSpec | MqttSimulatorSpec | GraphqlSimulatorSpec;

/** A legacy database: a SQLite file `<dataDir>/legacy/<id>.sqlite`; the endpoint variable gets `sqlite:<file>`. */
export interface SqlSimulatorSpec {
  readonly id: string;
  readonly kind: 'sql';
  tables(model: CityModel): readonly LegacyTable[];
}

/** Paged legacy JSON resources on a loopback port; the endpoint variable gets the base URL. */
export interface RestSimulatorSpec {
  readonly id: string;
  readonly kind: 'rest';
  resources(model: CityModel): readonly LegacyRestResource[];
}

/** A SOAP service on a loopback port; the endpoint variable gets its URL (WSDL at `?wsdl`). */
export interface SoapSimulatorSpec {
  readonly id: string;
  readonly kind: 'soap';
  service(model: CityModel): Omit<SoapSimulatorOptions, 'port' | 'host'>;
}

/**
 * A CSV drop in `<dataDir>/legacy/<id>/` (each file GBK or UTF-8 as it says); the endpoint
 * variable gets the directory. The files are rewritten only when the seed or scale changed.
 */
export interface CsvSimulatorSpec {
  readonly id: string;
  readonly kind: 'csv';
  files(model: CityModel): readonly LegacyCsvFile[];
}

/**
 * Sensors publishing JSON readings on the sample city's one MQTT broker; the endpoint
 * variable gets the broker URL. The first round is published (retained) at start-up; the
 * next rounds on a timer (`npm start`) or on `SampleCity.tick()` (tests).
 */
export interface MqttSimulatorSpec {
  readonly id: string;
  readonly kind: 'mqtt';
  sensors(model: CityModel): readonly SimulatedSensor[];
}

/**
 * An existing GraphQL service (a plain API read stitching-style, or an Apollo Federation
 * subgraph built with `buildSubgraphSchema`) on a loopback port; the endpoint variable gets
 * its `/graphql` URL.
 */
export interface GraphqlSimulatorSpec {
  readonly id: string;
  readonly kind: 'graphql';
  schema(model: CityModel): GraphQLSchema;
}
