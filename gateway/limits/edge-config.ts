/** Limits on one operation, checked before any connector is called. */
export interface OperationLimits {
  /** Deepest selection, fragments counted where they are spread. @default 6 (GraphQL Armor) */
  readonly depth: number;
  /** Aliased fields in one document. @default 15 (GraphQL Armor) */
  readonly aliases: number;
  /** Fields selected at the root of one operation. @default 10 */
  readonly rootFields: number;
  /** Lexical tokens in one document. @default 1000 (GraphQL Armor; Apollo Router allows 15,000) */
  readonly tokens: number;
  /** Directives in one document. @default 50 (GraphQL Armor) */
  readonly directives: number;
  /**
   * Estimated cost: every object a selection may return counts 1, and a list multiplies its
   * items by its `first` or `limit` argument (no more than the keys it is given), else by
   * the `listSize` its manifest declares for that link, else the connector's. @default 5000 (GraphQL Armor's cost limit)
   */
  readonly cost: number;
}

/** Who may introspect the schema (and see "Did you mean …" suggestions). */
export type IntrospectionAccess = 'everyone' | 'authenticated' | 'nobody';

/** Per-principal request rate and open-stream caps. */
export interface RateLimits {
  /** Requests (HTTP operations and WebSocket `subscribe` messages) per window and principal. @default 300 */
  readonly requests: number;
  /** The window of `requests`, in seconds. @default 10 */
  readonly windowSeconds: number;
  /** Open WebSocket connections per principal. @default 10 */
  readonly sockets: number;
  /** Open subscriptions (SSE and WebSocket) per principal. @default 20 */
  readonly subscriptions: number;
}

/** The hub's settings against hostile clients, resolved once by {@link resolveEdgeConfig}. */
export interface EdgeConfig {
  /** Limits of every principal without a role override. */
  readonly limits: OperationLimits;
  /**
   * Overrides by role (`anonymous` is the role of callers without a token); a principal with
   * several overridden roles gets the loosest value of each limit. @default DEFAULT_ROLE_LIMITS
   */
  readonly roleLimits: Readonly<Record<string, Partial<OperationLimits>>>;
  /** Largest request body, in bytes, refused (413) before it is parsed. @default 2 MB (Apollo Router) */
  readonly maxBodyBytes: number;
  /** Origins allowed to call the hub from a browser, credentials included; none when empty. @default [] */
  readonly corsOrigins: readonly string[];
  /** Who may introspect. @default 'everyone' in development, 'authenticated' otherwise */
  readonly introspection: IntrospectionAccess;
  readonly rate: RateLimits;
  /** Redis shared by the replicas for the rate limits and caps; in memory when absent. */
  readonly redisUrl?: string;
  /** The prefix of the Redis keys, so several hubs (or test runs) can share one Redis. @default 'cityhub' */
  readonly redisKeyPrefix?: string;
  /** Roles restricted to the trusted documents (persisted operations by sha256). @default [] */
  readonly trustedDocumentRoles: readonly string[];
  /** A directory of more trusted `.graphql` documents, beside the scenario operations. */
  readonly trustedDocumentsDir?: string;
}

/** GraphQL Armor's defaults, and a root-field limit of our own. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = Object.freeze({ depth: 6, aliases: 15, rootFields: 10, tokens: 1000, directives: 50, cost: 5000 });

/**
 * The limits of the roles whose scenario operations cost more than GraphQL Armor's 5,000,
 * each set just above the dearest operation its personas send (estimated from the list sizes
 * the sample city's manifests declare; `tests/gateway/operation-costs.test.ts` keeps them so):
 *
 * | role | dearest operation | estimated cost | limit |
 * |---|---|---|---|
 * | `officer` | FloodControl: a district's waterlogging sensors (`first: 1000`), each with its street's road segments and congestion and its 3 nearest pump trucks with theirs, seven levels deep | 185,006 | 200,000, depth 7 |
 * | `case-worker` | ElderlyLivingAlone: a street's elders (`first: 1000`) with their 4 home sensors and alarms, and the open alarms (`first: 1000`) | 13,002 | 15,000 |
 * | `developer` | CityVitalSigns, the city screen (`districts(first: 100)`, withheld columns and all) | 13,100 | 15,000 |
 *
 * Every other caller (anonymous, police without the officer role, roles without an
 * override) keeps Armor's 5,000 and depth 6: the open-data operations cost at most 3,100
 * (FloodControlOpenData), the muck-truck site 139, a seconds approval 18.
 */
export const DEFAULT_ROLE_LIMITS: Readonly<Record<string, Partial<OperationLimits>>> = Object.freeze({
  officer: Object.freeze({ cost: 200_000, depth: 7 }),
  'case-worker': Object.freeze({ cost: 15_000 }),
  developer: Object.freeze({ cost: 15_000 }),
});

/** The defaults of every edge setting (production: introspection for authenticated callers). */
export const DEFAULT_EDGE_CONFIG: EdgeConfig = Object.freeze({
  limits: DEFAULT_OPERATION_LIMITS,
  roleLimits: DEFAULT_ROLE_LIMITS,
  maxBodyBytes: 2 * 1024 * 1024,
  corsOrigins: [],
  introspection: 'authenticated',
  rate: Object.freeze({ requests: 300, windowSeconds: 10, sockets: 10, subscriptions: 20 }),
  trustedDocumentRoles: [],
});

const LIMIT_NAMES = Object.keys(DEFAULT_OPERATION_LIMITS) as (keyof OperationLimits)[];
const INTROSPECTION: readonly IntrospectionAccess[] = ['everyone', 'authenticated', 'nobody'];

/**
 * Resolves the edge settings from environment variables, throwing a `TypeError` that names
 * the variable and the value received when one is malformed:
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `CITYHUB_LIMITS` | JSON `{ "default": {…}, "roles": { "<role>": {…} } }` of {@link OperationLimits} (roles over {@link DEFAULT_ROLE_LIMITS}) | Armor's |
 * | `CITYHUB_MAX_BODY_BYTES` | largest request body | 2097152 |
 * | `CITYHUB_CORS_ORIGINS` | comma-separated origins allowed from browsers | none |
 * | `CITYHUB_INTROSPECTION` | `everyone`, `authenticated` or `nobody` | `everyone` in development, else `authenticated` |
 * | `CITYHUB_RATE_LIMIT` | `<requests>/<seconds>s` per principal | `300/10s` |
 * | `CITYHUB_MAX_SOCKETS`, `CITYHUB_MAX_SUBSCRIPTIONS` | open per principal | 10, 20 |
 * | `CITYHUB_REDIS_URL` | Redis shared by replicas for rate limits and caps | in memory |
 * | `CITYHUB_TRUSTED_DOCUMENT_ROLES` | comma-separated roles restricted to trusted documents | none |
 * | `CITYHUB_TRUSTED_DOCUMENTS_DIR` | more trusted `.graphql` documents | the scenario operations only |
 *
 * ```ts
 * const edge = resolveEdgeConfig(process.env, { development: config.development });
 * ```
 */
export function resolveEdgeConfig(env: Readonly<Record<string, string | undefined>>, options: { development?: boolean } = {}): EdgeConfig {
  const { limits, roleLimits } = parseLimits(env.CITYHUB_LIMITS);
  const introspection = (env.CITYHUB_INTROSPECTION?.trim() || (options.development ? 'everyone' : DEFAULT_EDGE_CONFIG.introspection)) as IntrospectionAccess;
  if (!INTROSPECTION.includes(introspection)) {
    throw new TypeError(`CITYHUB_INTROSPECTION must be one of ${INTROSPECTION.join(', ')}, received ${JSON.stringify(env.CITYHUB_INTROSPECTION)}`);
  }
  const defaults = DEFAULT_EDGE_CONFIG.rate;
  const rate = env.CITYHUB_RATE_LIMIT?.trim() ? parseRate(env.CITYHUB_RATE_LIMIT) : { requests: defaults.requests, windowSeconds: defaults.windowSeconds };
  const redisUrl = env.CITYHUB_REDIS_URL?.trim();
  const trustedDocumentsDir = env.CITYHUB_TRUSTED_DOCUMENTS_DIR?.trim();
  return {
    limits,
    roleLimits,
    maxBodyBytes: positiveInteger('CITYHUB_MAX_BODY_BYTES', env.CITYHUB_MAX_BODY_BYTES, DEFAULT_EDGE_CONFIG.maxBodyBytes),
    corsOrigins: list(env.CITYHUB_CORS_ORIGINS).map((origin) => checkOrigin(origin)),
    introspection,
    rate: {
      ...rate,
      sockets: positiveInteger('CITYHUB_MAX_SOCKETS', env.CITYHUB_MAX_SOCKETS, defaults.sockets),
      subscriptions: positiveInteger('CITYHUB_MAX_SUBSCRIPTIONS', env.CITYHUB_MAX_SUBSCRIPTIONS, defaults.subscriptions),
    },
    ...(redisUrl ? { redisUrl } : {}),
    trustedDocumentRoles: list(env.CITYHUB_TRUSTED_DOCUMENT_ROLES),
    ...(trustedDocumentsDir ? { trustedDocumentsDir } : {}),
  };
}

/**
 * Checks a partial set of operation limits (from `CITYHUB_LIMITS` or code), throwing a
 * `TypeError` that names `at` and the offending key when one is not a positive integer.
 */
export function checkOperationLimits(value: unknown, at: string): Partial<OperationLimits> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${at} must be an object of limits, received ${JSON.stringify(value)}`);
  for (const [key, limit] of Object.entries(value)) {
    if (!LIMIT_NAMES.includes(key as keyof OperationLimits)) throw new TypeError(`${at}.${key} is not a limit (limits: ${LIMIT_NAMES.join(', ')})`);
    if (!Number.isInteger(limit) || (limit as number) < 1) throw new TypeError(`${at}.${key} must be a positive integer, received ${JSON.stringify(limit)}`);
  }
  return value as Partial<OperationLimits>;
}

function parseLimits(raw: string | undefined): { limits: OperationLimits; roleLimits: Record<string, Partial<OperationLimits>> } {
  if (!raw?.trim()) return { limits: DEFAULT_OPERATION_LIMITS, roleLimits: DEFAULT_ROLE_LIMITS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new TypeError(`CITYHUB_LIMITS must be JSON like {"default":{"depth":6},"roles":{"auditor":{"cost":20000}}}, received ${JSON.stringify(raw)} (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError(`CITYHUB_LIMITS must be a JSON object, received ${JSON.stringify(raw)}`);
  const { default: base = {}, roles = {}, ...rest } = parsed as { default?: unknown; roles?: unknown };
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`CITYHUB_LIMITS may hold "default" and "roles" only, received ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
  const limits = { ...DEFAULT_OPERATION_LIMITS, ...checkOperationLimits(base, 'CITYHUB_LIMITS.default') };
  if (typeof roles !== 'object' || roles === null || Array.isArray(roles)) throw new TypeError(`CITYHUB_LIMITS.roles must be an object by role, received ${JSON.stringify(roles)}`);
  const roleLimits = { ...DEFAULT_ROLE_LIMITS, ...Object.fromEntries(Object.entries(roles).map(([role, value]) => [role, checkOperationLimits(value, `CITYHUB_LIMITS.roles.${role}`)])) };
  return { limits, roleLimits };
}

function parseRate(raw: string): { requests: number; windowSeconds: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*s\s*$/.exec(raw);
  const requests = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || requests < 1 || windowSeconds < 1) throw new TypeError(`CITYHUB_RATE_LIMIT must read "<requests>/<seconds>s" with positive numbers, such as "300/10s", received ${JSON.stringify(raw)}`);
  return { requests, windowSeconds };
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, received ${JSON.stringify(raw)}`);
  return value;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function checkOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`CITYHUB_CORS_ORIGINS must list origins such as https://screens.city.example, received ${JSON.stringify(origin)}`);
  }
  if (url.origin !== origin.replace(/\/$/, '')) throw new TypeError(`CITYHUB_CORS_ORIGINS must list bare origins (scheme, host, port), received ${JSON.stringify(origin)}`);
  return url.origin;
}
