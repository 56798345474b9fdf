/**
 * The row scope a request may push down into its sources: which administrative-code
 * prefixes of a type's jurisdiction field the request can see at all.
 *
 * The connector SDK only carries the scope; it never decides it. The gateway's governance
 * sets a {@link SourceScopeResolver} on the request context under {@link SOURCE_SCOPE}, and
 * every read a connector sends for that request adds the scope as `SourceQuery.within`.
 * Pushing down is an optimisation: the gateway re-checks every row it returns.
 */

/** Where the request context carries its {@link SourceScopeResolver}. */
export const SOURCE_SCOPE: unique symbol = Symbol.for('cityhub.sourceScope');

/**
 * The scope of one catalogued type for the current request: the prefixes its jurisdiction
 * codes must start with (`[]`: no row at all), or `undefined` when the source must not be
 * narrowed (every row may be visible, or the scope cannot be expressed as prefixes).
 */
export type SourceScopeResolver = (connectorId: string, typeName: string) => readonly string[] | undefined;

/**
 * The scope prefixes for a type in a request context, or `undefined` when none is set.
 *
 * ```ts
 * const scopes = sourceScopeOf(context, manifest.id, 'ElderlyResident'); // ['310106013']
 * ```
 */
export function sourceScopeOf(context: unknown, connectorId: string, typeName: string): readonly string[] | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const resolver = (context as { [SOURCE_SCOPE]?: unknown })[SOURCE_SCOPE];
  return typeof resolver === 'function' ? (resolver as SourceScopeResolver)(connectorId, typeName) : undefined;
}

/**
 * Intersects a client's `within` argument with a pushed-down scope: the codes that satisfy
 * both (the narrower of each overlapping pair). `undefined` on either side means no limit.
 *
 * ```ts
 * intersectScopes(['310106'], ['310106013', '310107']); // ['310106013']
 * ```
 */
export function intersectScopes(
  left: readonly string[] | undefined,
  right: readonly string[] | undefined,
): readonly string[] | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  const result = new Set<string>();
  for (const a of left) {
    for (const b of right) {
      if (a.startsWith(b)) result.add(a);
      else if (b.startsWith(a)) result.add(b);
    }
  }
  return [...result];
}
