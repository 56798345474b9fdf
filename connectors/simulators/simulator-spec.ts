import type { CityModel } from './city-model.ts';
import type { LegacyCsvFile } from './csv-drop.ts';
import type { LegacyRestResource } from './rest-simulator.ts';
import type { SoapSimulatorOptions } from './soap-simulator.ts';
import type { LegacyTable } from './sql-simulator.ts';

/**
 * How the sample city simulates one department's legacy system, seeded from the city model.
 * Its `id` is the id of the connector that reads it.
 */
export type SimulatorSpec =
  | { readonly id: string; readonly kind: 'sql'; tables(model: CityModel): readonly LegacyTable[] }
  | { readonly id: string; readonly kind: 'rest'; resources(model: CityModel): readonly LegacyRestResource[] }
  /** A SOAP service on a loopback port; the manifest's endpoint variable gets its URL. */
  | { readonly id: string; readonly kind: 'soap'; service(model: CityModel): Omit<SoapSimulatorOptions, 'port' | 'host'> }
  /** A CSV drop in `<dataDir>/legacy/<id>/`; the manifest's endpoint variable gets the directory. */
  | { readonly id: string; readonly kind: 'csv'; files(model: CityModel): readonly LegacyCsvFile[] };
