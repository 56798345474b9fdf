import { getNamedType, getNullableType, isCompositeType, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ListSizeOf } from './list-sizes.ts';

/** Options of {@link estimateOperationCost}. */
export interface OperationCostOptions {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly operationName?: string | null;
  /** The expected size of a list field without `first` or `limit` (its link's or connector's `listSize`, see `listSizesOf`). */
  readonly listSizeOf: ListSizeOf;
}

/**
 * The estimated cost of an operation (graphql-query-complexity): every object a selection
 * may return counts 1, scalars count nothing, and a list multiplies the cost of one item by
 * its size: its `first` (or `limit`) argument, else the number of keys a lookup is given
 * (its one list argument), else the size its manifest declares for that list (see
 * `listSizesOf`). Nested lists multiply, so
 * 1,000 aliased lists or a household's members ten levels deep cost what they would return.
 *
 * Returns `undefined` when the variables do not fit the operation: execution reports that.
 *
 * ```ts
 * estimateOperationCost({ schema, document, variables, listSizeOf: () => 20 }); // districts(first: 100) { streets { code } }: 100 × (1 + 20) = 2100
 * ```
 */
export function estimateOperationCost(options: OperationCostOptions): number | undefined {
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    const nullable = getNullableType(field.type);
    const named = getNamedType(field.type);
    const own = isCompositeType(named) ? 1 : 0;
    if (!isListType(nullable)) return own + childComplexity;
    return listSize(args, () => options.listSizeOf(type.name, field.name, named.name)) * (own + childComplexity);
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
// A list of keys (`in: [...]`) asks for no more rows than it has keys, whatever `first` says.
function listSize(args: Record<string, unknown>, declared: () => number): number {
  const keys = Object.values(args).find((value) => Array.isArray(value)) as unknown[] | undefined;
  const page = typeof args.first === 'number' && args.first >= 0 ? args.first : typeof args.limit === 'number' && args.limit >= 0 ? args.limit : undefined;
  if (keys !== undefined) return page === undefined ? keys.length : Math.min(page, keys.length);
  return page ?? declared();
}
