import type { Plugin } from 'graphql-yoga';
import { isAnonymous, type Principal } from '../../governance/index.ts';
import { LimitError } from '../limits/limit-error.ts';
import type { Logger } from '../logger.ts';
import type { PrincipalLimiter } from './principal-limiter.ts';

/** Options of {@link useRateLimit}. */
export interface RateLimitOptions {
  readonly limiter: PrincipalLimiter;
  /** The principal of a request or operation context; `undefined` when governance is off. */
  readonly principalOf: (context: object) => Principal | undefined;
  /** The GraphQL endpoint limited. @default '/graphql' */
  readonly graphqlPath?: string;
  /** Where a failure to give a subscription slot back is reported. @default not reported */
  readonly logger?: Logger;
}

/**
 * The key a principal's requests are counted under: its subject, or for anonymous callers
 * (and without governance) `anonymous@<client address>`, so one open-data client cannot
 * spend every other's share.
 *
 * ```ts
 * principalKey(PERSONAS.streetOfficer, '127.0.0.1'); // 'persona-street-officer'
 * ```
 */
export function principalKey(principal: Principal | undefined, address: string | undefined): string {
  if (principal && !isAnonymous(principal)) return principal.subject;
  return `anonymous@${address ?? 'unknown'}`;
}

/**
 * The client address of a yoga context: the Node request's socket (HTTP), or the
 * WebSocket's (operations over graphql-ws carry `socket`).
 */
export function clientAddressOf(context: object): string | undefined {
  const node = context as { req?: { socket?: { remoteAddress?: string } }; socket?: { _socket?: { remoteAddress?: string } } };
  return node.req?.socket?.remoteAddress ?? node.socket?._socket?.remoteAddress;
}

/**
 * Per-principal rate limit and subscription cap on the GraphQL endpoint:
 *
 * - every HTTP request counts against its principal's rate (after identity is verified, so
 *   it needs `useIdentity` before it); over the rate it is answered HTTP 429
 *   (`RATE_LIMITED`) with `Retry-After` in seconds, before its body is read;
 * - every subscription (SSE or WebSocket) takes one of the principal's open-subscription
 *   slots until it ends; over the cap it is refused with `SUBSCRIPTION_LIMIT` (HTTP 429).
 *
 * ```ts
 * plugins: [useCityGovernance({ governance }), useRateLimit({ limiter, principalOf })]
 * ```
 */
export function useRateLimit(options: RateLimitOptions): Plugin {
  const { limiter, principalOf } = options;
  const path = options.graphqlPath ?? '/graphql';
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== path || request.method === 'OPTIONS') return;
      const key = principalKey(principalOf({ request }), clientAddressOf(serverContext ?? {}));
      const decision = await limiter.take(key);
      if (decision.allowed) return;
      const error = rateLimited(limiter, decision.retryAfterSeconds);
      const { http: _http, ...extensions } = error.extensions;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
          status: 429,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(decision.retryAfterSeconds) },
        }),
      );
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as object;
      const key = principalKey(principalOf(context), clientAddressOf(context));
      if (!(await limiter.open('subscription', key))) {
        const cap = limiter.limits.subscriptions;
        setResultAndStopExecution({ errors: [new LimitError(`you have ${cap} subscriptions open, the limit; close one before opening another`, 'SUBSCRIPTION_LIMIT', { limit: cap })] });
        return;
      }
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        limiter.close('subscription', key).catch((error: unknown) => options.logger?.error(`a subscription slot of ${key} could not be given back`, error));
      };
      return {
        onSubscribeResult({ result }) {
          if (!(typeof result === 'object' && result !== null && Symbol.asyncIterator in result)) {
            close();
            return;
          }
          return { onEnd: close };
        },
      };
    },
  };
}

/** The refusal of a request over its principal's rate. */
export function rateLimited(limiter: PrincipalLimiter, retryAfterSeconds: number): LimitError {
  const { requests, windowSeconds } = limiter.limits;
  return new LimitError(`more than ${requests} requests in ${windowSeconds} s from one principal, the limit; retry after ${retryAfterSeconds} s`, 'RATE_LIMITED', {
    limit: requests,
    windowSeconds,
    retryAfterSeconds,
  });
}
