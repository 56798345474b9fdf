import { z } from 'zod';

const legacyTable = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'must be a table name such as "T_MZ_DJLR"');

/**
 * The `source` block of a `sql` connector: a relational database reached through kysely.
 *
 * ```ts
 * source: { kind: 'sql', endpointEnv: 'CITYHUB_ELDERLY_REGISTRY_DB', tables: { ElderlyResident: 'T_MZ_DJLR' } }
 * ```
 */
export const sqlSourceSchema = z.strictObject({
  kind: z.literal('sql'),
  /** The environment variable holding the database URL (`sqlite:…` or `postgres://…`). */
  endpointEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name'),
  /** The legacy table of each catalogued type. */
  tables: z.record(z.string(), legacyTable),
});

/** A validated `sql` source block. */
export type SqlSource = z.output<typeof sqlSourceSchema>;
