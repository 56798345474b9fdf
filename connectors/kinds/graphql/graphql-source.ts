import { z } from 'zod';

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name');
const graphqlName = z.string().regex(/^[_A-Za-z][_A-Za-z0-9]*$/, 'must be a GraphQL name');

/** A remote root field that takes a list of values and answers the rows holding any of them. */
const lookup = z.strictObject({
  /** The remote root field, such as `eventsByIds`. */
  field: graphqlName,
  /** Its list argument, such as `ids`. */
  argument: graphqlName,
});

const remoteType = z.strictObject({
  /** The type's name in the remote schema. @default the catalogued type name */
  remoteType: graphqlName.optional(),
  /** The remote root list field behind the city's root list, and which of its arguments it understands. */
  list: z.strictObject({
    field: graphqlName,
    /** Remote arguments for the page and the jurisdiction prefix; without one the connector pages or filters itself. */
    args: z
      .strictObject({ first: graphqlName.optional(), offset: graphqlName.optional(), within: graphqlName.optional() })
      .default({}),
    /** Remote equality arguments, per catalogue field; other filters are applied by the connector. */
    filters: z.record(z.string(), graphqlName).default({}),
  }),
  /**
   * Batch root fields, per catalogue field: how N values of that field are loaded in one
   * call. A `stitching` source names one for its key; a `federation` source loads its key
   * through `_entities` and needs lookups only for the fields that `has` links batch on.
   */
  lookups: z.record(z.string(), lookup).default({}),
});

/**
 * The `source` block of a `graphql` connector: an existing GraphQL service of the
 * department, reached over HTTP (`@graphql-tools/executor-http`).
 *
 * - `style: 'federation'`: an Apollo Federation subgraph. Its schema is read from
 *   `_service { sdl }`, and keys are batch-loaded with one `_entities(representations:)` call.
 * - `style: 'stitching'`: a plain GraphQL service. Its schema is read by introspection, and
 *   keys are batch-loaded through the root fields named in `lookups`.
 *
 * The catalogue describes the remote types in city terms as for any kind: each field's
 * `from` is the remote field name, with its sharing and sensitivity. At every probe (and so at
 * registration) and before the first query the remote schema is checked against the
 * catalogue: a missing type, field, root field or argument, or an incompatible field type, is
 * an `UPSTREAM_BAD_RESPONSE` naming each mismatch.
 *
 * ```ts
 * defineConnector({
 *   id: 'building-models', names: { zh: '建筑三维模型索引', en: 'Building models' },
 *   department: 'Planning and Natural Resources', domain: 'housing',
 *   source: {
 *     kind: 'graphql', endpointEnv: 'CITYHUB_BUILDING_MODELS_URL', style: 'federation',
 *     types: { Building: { list: { field: 'buildings', args: { first: 'first', offset: 'offset', within: 'within' } } } },
 *   },
 *   catalogue: {
 *     Building: {
 *       key: 'buildingId', jurisdiction: 'communityCode',
 *       fields: {
 *         buildingId: { type: 'ID', from: 'buildingId', sharing: 'open', sensitivity: 'public' },
 *         communityCode: { type: 'AdminCode', from: 'communityCode', sharing: 'open', sensitivity: 'public' },
 *         heightM: { type: 'Float', from: 'heightM', sharing: 'unconditional', sensitivity: 'internal' },
 *       },
 *     },
 *   },
 * });
 * ```
 */
export const graphqlSourceSchema = z.strictObject({
  kind: z.literal('graphql'),
  /** The environment variable holding the URL of the GraphQL endpoint (`http://host:port/graphql`). */
  endpointEnv: envName,
  /** Request headers whose values come from environment variables (credentials by reference). */
  headersFromEnv: z.record(z.string(), envName).default({}),
  /** How the remote service merges entities. @default 'stitching' */
  style: z.enum(['stitching', 'federation']).default('stitching'),
  /** How each catalogued type is read from the remote service. */
  types: z.record(z.string(), remoteType),
});

/** A validated `graphql` source block. */
export type GraphqlSource = z.output<typeof graphqlSourceSchema>;
/** How one catalogued type is read from the remote GraphQL service. */
export type GraphqlRemoteType = GraphqlSource['types'][string];
