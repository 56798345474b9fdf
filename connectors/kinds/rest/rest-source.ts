import { z } from 'zod';

const pagination = z.discriminatedUnion('style', [
  /** `?pageNo=1&pageSize=100`, pages counted from `firstPage`. */
  z.strictObject({
    style: z.literal('page'),
    pageParam: z.string().min(1),
    sizeParam: z.string().min(1),
    pageSize: z.number().int().min(1).max(10_000).default(100),
    firstPage: z.number().int().min(0).default(1),
    /** Where the total row count is in the body (dotted path); without it, a short page ends the walk. */
    totalPath: z.string().optional(),
  }),
  /** `?offset=0&limit=100`. */
  z.strictObject({
    style: z.literal('offset'),
    offsetParam: z.string().min(1),
    limitParam: z.string().min(1),
    pageSize: z.number().int().min(1).max(10_000).default(100),
    totalPath: z.string().optional(),
  }),
  /** One response holds every row. */
  z.strictObject({ style: z.literal('none') }),
]);

const resource = z.strictObject({
  /** Path below the endpoint, such as `/api/gzry/list`. */
  path: z.string().regex(/^\/[^?#]*$/, 'must be a path starting with "/" without a query'),
  /** Where the rows are in the JSON body, as a dotted path (`data.rows`); empty for a bare array. */
  itemsPath: z.string().default(''),
  /**
   * Query parameters the legacy API filters by, per catalogue field. A batch of values is
   * sent joined by `listSeparator`; a field without a parameter is filtered by the connector.
   */
  params: z.record(z.string(), z.string().min(1)).default({}),
  /** Parameter for "administrative code starts with"; without it the connector filters. */
  withinParam: z.string().min(1).optional(),
  listSeparator: z.string().min(1).default(','),
  pagination: pagination.default({ style: 'none' }),
  /** Walks stop after this many pages, so a broken upstream cannot loop forever. */
  maxPages: z.number().int().min(1).max(100_000).default(1_000),
});

/**
 * The `source` block of a `rest` connector: JSON over HTTP, paginated, with legacy field
 * names mapped by the catalogue's `from`.
 *
 * ```ts
 * source: {
 *   kind: 'rest',
 *   endpointEnv: 'CITYHUB_COMMUNITY_WORKERS_URL',
 *   resources: {
 *     CommunityWorker: {
 *       path: '/api/gzry/list', itemsPath: 'data.rows', params: { workerId: 'ryid' },
 *       pagination: { style: 'page', pageParam: 'pageNo', sizeParam: 'pageSize', totalPath: 'data.total' },
 *     },
 *   },
 * }
 * ```
 */
export const restSourceSchema = z.strictObject({
  kind: z.literal('rest'),
  /** The environment variable holding the base URL (`http://host:port`). */
  endpointEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name'),
  /** Request headers whose values come from environment variables (credentials by reference). */
  headersFromEnv: z.record(z.string(), z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name')).default({}),
  resources: z.record(z.string(), resource),
});

/** A validated `rest` source block. */
export type RestSource = z.output<typeof restSourceSchema>;
/** How one catalogued type is fetched over REST. */
export type RestResource = RestSource['resources'][string];
