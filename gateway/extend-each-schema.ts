import type { GraphQLSchema } from 'graphql';

/**
 * Wraps a function returning the served schema so that each schema it returns is extended
 * once (memoized per schema): after a hot swap the new schema is extended on its first use.
 *
 * ```ts
 * const served = extendEachSchema(() => registry.schema, (schema) => addRegistryApi(schema, service));
 * ```
 */
export function extendEachSchema(schemaOf: () => GraphQLSchema, extend: (schema: GraphQLSchema) => GraphQLSchema): () => GraphQLSchema {
  const extended = new WeakMap<GraphQLSchema, GraphQLSchema>();
  return () => {
    const schema = schemaOf();
    let served = extended.get(schema);
    if (!served) extended.set(schema, (served = extend(schema)));
    return served;
  };
}
