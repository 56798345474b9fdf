import { z } from 'zod';
import { manifestSchema } from './manifest.ts';
import type { SourceKind } from './source-kind.ts';

/**
 * The key a document may carry to tell editors its JSON Schema (`"$schema": "./connector.schema.json"`,
 * see `cityhub connectors schema`). It is not part of the manifest and is dropped before validation.
 */
export const MANIFEST_SCHEMA_KEY = '$schema';

/**
 * The JSON Schema (draft 2020-12) of a manifest document, for editors: the manifest schema
 * of {@link manifestSchema} with the `source` block of every given kind as a union
 * discriminated on `kind`, as a department writes it (fields with defaults are optional).
 * A document may carry `$schema` to point its editor at it.
 *
 * It is generated from the same zod schemas that validate manifests, so it cannot drift
 * from them; checks written as code (a key naming a real field, a topic filter's levels,
 * every catalogued type having a table…) are not expressible in it and are left to
 * `defineConnector`, which remains the authority.
 *
 * ```ts
 * writeFileSync('connector.schema.json', JSON.stringify(manifestJsonSchema(SOURCE_KINDS), null, 2));
 * ```
 */
export function manifestJsonSchema(kinds: Readonly<Record<string, SourceKind<any>>>): Record<string, unknown> {
  const sources = Object.values(kinds).map((kind) => kind.sourceSchema);
  if (sources.length === 0) throw new TypeError('manifestJsonSchema needs at least one source kind');
  // Every kind's source schema is a strict object with a literal `kind`, which is what a
  // discriminated union takes; SourceKind types them only as zod types.
  const source = z.discriminatedUnion('kind', sources as unknown as [z.ZodObject<{ kind: z.ZodLiteral<string> }>]);
  const document = manifestSchema.extend({
    [MANIFEST_SCHEMA_KEY]: z.string().optional(),
    source,
  });
  return {
    ...z.toJSONSchema(document, { io: 'input', unrepresentable: 'any' }),
    title: 'CityHub connector manifest',
  };
}
