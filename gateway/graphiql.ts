import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * Renders GraphiQL as one self-contained page: its script, styles, editor workers and favicon
 * are inlined from `@graphql-yoga/render-graphiql` (pinned to graphql-yoga's version), so the
 * page works on a closed network. Yoga's built-in page loads them from a CDN instead, and is
 * blank without internet.
 *
 * The page is about 9 MB. The package is imported on the first GraphiQL request, not when
 * the hub starts, so a hub nobody opens in a browser never loads it.
 *
 * ```ts
 * createYoga({ schema, graphiql: { title: 'CityHub' }, renderGraphiQL: renderOfflineGraphiql });
 * ```
 */
export async function renderOfflineGraphiql(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(options);
}
