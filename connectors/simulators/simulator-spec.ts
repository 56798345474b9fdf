import type { CityModel } from './city-model.ts';
import type { LegacyRestResource } from './rest-simulator.ts';
import type { LegacyTable } from './sql-simulator.ts';

/**
 * How the sample city simulates one department's legacy system, seeded from the city model.
 * Its `id` is the id of the connector that reads it.
 */
export type SimulatorSpec =
  | { readonly id: string; readonly kind: 'sql'; tables(model: CityModel): readonly LegacyTable[] }
  | { readonly id: string; readonly kind: 'rest'; resources(model: CityModel): readonly LegacyRestResource[] };
