import { createClient } from 'redis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimits } from '../limits/edge-config.ts';

/** What {@link PrincipalLimiter.take} answers: allowed, or refused with when to retry. */
export type LimiterDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** The kinds of open streams capped per principal. */
export type OpenStreamKind = 'socket' | 'subscription';

/**
 * Per-principal request rates and caps on open streams, in memory or in Redis (shared by
 * every replica pointed at it). Keys are principals (`subject`, or `anonymous@<address>`).
 */
export interface PrincipalLimiter {
  /** Where the counters live. */
  readonly backend: 'memory' | 'redis';
  readonly limits: RateLimits;
  /** Counts one request of `key` against its rate. */
  take(key: string): Promise<LimiterDecision>;
  /** Opens one stream of `kind` for `key` when under its cap; `false` when the cap is reached. */
  open(kind: OpenStreamKind, key: string): Promise<boolean>;
  /** Closes a stream {@link open} admitted. */
  close(kind: OpenStreamKind, key: string): Promise<void>;
  /** Releases the Redis connection. */
  dispose(): Promise<void>;
}

/** Options of {@link createPrincipalLimiter}. */
export interface PrincipalLimiterOptions {
  readonly limits: RateLimits;
  /** Redis URL (`CITYHUB_REDIS_URL`); the counters are in memory without it. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key, so several hubs can share one Redis. @default 'cityhub' */
  readonly keyPrefix?: string;
}

/** How long an open-stream counter outlives its last change in Redis, in seconds: a replica that crashed with streams open leaks them for at most this long. */
export const OPEN_STREAM_TTL_SECONDS = 3600;

/**
 * Creates the limiter: `rate-limiter-flexible` counts the requests (fixed windows of
 * `limits.windowSeconds`), in memory or in Redis through the `redis` package; the open
 * streams are plain counters beside them. With Redis, the client connects here (rejecting
 * when Redis cannot be reached) and {@link PrincipalLimiter.dispose} closes it.
 *
 * ```ts
 * const limiter = await createPrincipalLimiter({ limits: edge.rate, redisUrl: edge.redisUrl });
 * const decision = await limiter.take(principal.subject);
 * ```
 */
export async function createPrincipalLimiter(options: PrincipalLimiterOptions): Promise<PrincipalLimiter> {
  const { limits } = options;
  for (const name of ['requests', 'windowSeconds', 'sockets', 'subscriptions'] as const) {
    if (!Number.isInteger(limits?.[name]) || limits[name] < 1) throw new TypeError(`limits.${name} must be a positive integer, received ${JSON.stringify(limits?.[name])}`);
  }
  const prefix = options.keyPrefix ?? 'cityhub';
  if (!options.redisUrl) return memoryLimiter(limits, new RateLimiterMemory({ points: limits.requests, duration: limits.windowSeconds, keyPrefix: `${prefix}:rate` }));
  const client = createClient({ url: options.redisUrl });
  client.on('error', () => {
    // Reconnection is the client's; each failed command rejects on its own and is reported there.
  });
  await client.connect();
  const rate = new RateLimiterRedis({ storeClient: client, useRedisPackage: true, points: limits.requests, duration: limits.windowSeconds, keyPrefix: `${prefix}:rate` });
  return {
    backend: 'redis',
    limits,
    take: (key) => consume(rate, key),
    async open(kind, key) {
      const counter = `${prefix}:open:${kind}:${key}`;
      const [count] = (await client.multi().incr(counter).expire(counter, OPEN_STREAM_TTL_SECONDS).exec()) as unknown as [number, number];
      if (count <= capOf(limits, kind)) return true;
      await client.decr(counter);
      return false;
    },
    async close(kind, key) {
      await client.decr(`${prefix}:open:${kind}:${key}`);
    },
    async dispose() {
      await client.close();
    },
  };
}

function memoryLimiter(limits: RateLimits, rate: RateLimiterAbstract): PrincipalLimiter {
  const open = new Map<string, number>();
  return {
    backend: 'memory',
    limits,
    take: (key) => consume(rate, key),
    async open(kind, key) {
      const counter = `${kind}:${key}`;
      const count = open.get(counter) ?? 0;
      if (count >= capOf(limits, kind)) return false;
      open.set(counter, count + 1);
      return true;
    },
    async close(kind, key) {
      const counter = `${kind}:${key}`;
      const count = (open.get(counter) ?? 1) - 1;
      if (count <= 0) open.delete(counter);
      else open.set(counter, count);
    },
    async dispose() {},
  };
}

function capOf(limits: RateLimits, kind: OpenStreamKind): number {
  return kind === 'socket' ? limits.sockets : limits.subscriptions;
}

// Private: rate-limiter-flexible rejects with a RateLimiterRes when the points are spent,
// and with an Error when its store fails (that one propagates).
async function consume(rate: RateLimiterAbstract, key: string): Promise<LimiterDecision> {
  try {
    await rate.consume(key);
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}
