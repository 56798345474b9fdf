import { getNamedType, getNullableType, isCompositeType, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Options of {@link estimateOperationCost}. */
export interface OperationCostOptions {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly operationName?: string | null;
  /** The declared size of a list of `typeName` without `first` (the connector's `listSize`). */
  readonly listSizeOf: (typeName: string) => number;
}

/**
 * The estimated cost of an operation (graphql-query-complexity): every object a selection
 * may return counts 1, scalars count nothing, and a list multiplies the cost of one item by
 * its size: its `first` argument, else the number of keys a lookup is given (its one list
 * argument), else the declared size of the connector's lists. Nested lists multiply, so
 * 1,000 aliased lists or a household's members ten levels deep cost what they would return.
 *
 * Returns `undefined` when the variables do not fit the operation: execution reports that.
 *
 * ```ts
 * estimateOperationCost({ schema, document, variables, listSizeOf: () => 20 }); // 100 districts × … = 2300
 * ```
 */
export function estimateOperationCost(options: OperationCostOptions): number | undefined {
  const estimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
    const nullable = getNullableType(field.type);
    const named = getNamedType(field.type);
    const own = isCompositeType(named) ? 1 : 0;
    if (!isListType(nullable)) return own + childComplexity;
    return listSize(args, () => options.listSizeOf(named.name)) * (own + childComplexity);
  };
  try {
    return getComplexity({
      schema: options.schema,
      query: options.document,
      variables: (options.variables ?? {}) as Record<string, unknown>,
      ...(options.operationName ? { operationName: options.operationName } : {}),
      estimators: [estimator],
    });
  } catch {
    // Variables that do not coerce: execution refuses the operation with the precise error.
    return undefined;
  }
}

// Private: the size a list argument asks for.
function listSize(args: Record<string, unknown>, declared: () => number): number {
  if (typeof args.first === 'number' && args.first >= 0) return args.first;
  for (const value of Object.values(args)) if (Array.isArray(value)) return value.length;
  return declared();
}
