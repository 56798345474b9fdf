import { GraphQLObjectType, GraphQLSchema, type GraphQLFieldConfigMap, type GraphQLNamedType } from 'graphql';

/** What {@link addRootFields} adds to a schema. */
export interface RootFieldsAddition {
  readonly query?: GraphQLFieldConfigMap<unknown, unknown>;
  /** Mutation fields; the schema gains a `Mutation` type when it has none. */
  readonly mutation?: GraphQLFieldConfigMap<unknown, unknown>;
  /** The named types the added fields use. */
  readonly types: readonly GraphQLNamedType[];
}

/**
 * A copy of `schema` whose `Query` (and `Mutation`) types carry the added fields beside their
 * own, with the types those fields use: how the gateway serves its own APIs (agreements,
 * connector registry) on the city endpoint. Throws a `TypeError` when the schema has no
 * `Query` type.
 *
 * ```ts
 * const served = addRootFields(citySchema, { query: { me }, mutation: { requestAgreement }, types: [agreement] });
 * ```
 */
export function addRootFields(schema: GraphQLSchema, addition: RootFieldsAddition): GraphQLSchema {
  const config = schema.toConfig();
  const query = config.query;
  if (!query) throw new TypeError('the city schema has no Query type');
  const extendedQuery = new GraphQLObjectType({ ...query.toConfig(), fields: () => ({ ...query.toConfig().fields, ...addition.query }) });
  const mutation = config.mutation;
  const extendedMutation = addition.mutation
    ? new GraphQLObjectType({
        ...(mutation ? mutation.toConfig() : { name: 'Mutation' }),
        fields: () => ({ ...(mutation ? mutation.toConfig().fields : {}), ...addition.mutation }),
      })
    : mutation;
  const replaced = new Set([query.name, mutation?.name].filter(Boolean));
  const types: GraphQLNamedType[] = config.types.filter((type) => !replaced.has(type.name));
  return new GraphQLSchema({
    ...config,
    query: extendedQuery,
    mutation: extendedMutation,
    types: [...types, extendedQuery, ...(extendedMutation ? [extendedMutation] : []), ...addition.types],
  });
}
