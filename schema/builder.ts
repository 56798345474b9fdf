import SchemaBuilder from '@pothos/core';
import { AdminCodeScalar, DateTimeScalar, type GeoPoint } from './scalars.ts';

/** The Pothos type map shared by every code-first subgraph of the city. */
export interface CitySchemaTypes {
  Scalars: {
    AdminCode: { Input: string; Output: string };
    DateTime: { Input: string; Output: string | Date };
  };
  Objects: {
    GeoPoint: GeoPoint;
  };
  /** Each subgraph gets the gateway's request context; it may carry per-request loaders. */
  Context: object;
}

/** A Pothos builder with the city vocabulary registered. */
export type CityBuilder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<CitySchemaTypes>>;

/**
 * Creates the Pothos builder every code-first subgraph uses, with the shared scalars
 * (`AdminCode`, `DateTime`) and the `GeoPoint` object already registered, so that every
 * subgraph spells the city vocabulary the same way and the gateway can merge them.
 *
 * ```ts
 * const builder = createCityBuilder();
 * builder.queryType({ fields: (t) => ({ ping: t.string({ resolve: () => 'pong' }) }) });
 * const schema = builder.toSchema();
 * ```
 */
export function createCityBuilder(): CityBuilder {
  const builder = new SchemaBuilder<CitySchemaTypes>({});
  builder.addScalarType('AdminCode', AdminCodeScalar);
  builder.addScalarType('DateTime', DateTimeScalar);
  builder.objectType('GeoPoint', {
    description: 'A point on the map (WGS 84).',
    fields: (t) => ({
      lat: t.exposeFloat('lat'),
      lng: t.exposeFloat('lng'),
    }),
  });
  return builder;
}
