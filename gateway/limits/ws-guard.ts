import type { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import type { Principal } from '../../governance/index.ts';
import type { Logger } from '../logger.ts';
import { principalKey, rateLimited } from '../rate-limit/use-rate-limit.ts';
import type { PrincipalLimiter } from '../rate-limit/principal-limiter.ts';
import type { IntrospectionAccess } from './edge-config.ts';
import { mayIntrospectAs, withoutSuggestions } from './use-operation-limits.ts';

/** Close code of a WebSocket refused for its principal's socket cap or request rate (graphql-ws leaves 44xx to servers). */
export const WS_TOO_MANY = 4429;
/** Close code of a WebSocket whose token expired while it was open. */
export const WS_EXPIRED = 4401;
/** Close reason of {@link WS_EXPIRED}: one text whether the socket's timer or an open subscription's noticed first. */
export const WS_EXPIRED_REASON = 'the token expired; reconnect with a fresh token';

/** Why a WebSocket is closed by the {@link WsGuard}. */
export interface WsGuardRefusal {
  readonly code: number;
  readonly reason: string;
  /** The refusal's `extensions.code` (`SOCKET_LIMIT`, `RATE_LIMITED`), for an audit to record. */
  readonly errorCode: string;
}

/** The per-principal checks of the WebSocket server (see `serveWsSubscriptions`). */
export interface WsGuard {
  /** Takes one of the principal's socket slots; a refusal when the cap is reached. */
  connect(principal: Principal | undefined, address: string | undefined): Promise<WsGuardRefusal | undefined>;
  /** Gives the slot back when the socket closes. */
  disconnect(principal: Principal | undefined, address: string | undefined): Promise<void>;
  /** Counts one `subscribe` message against the principal's rate. */
  operation(principal: Principal | undefined, address: string | undefined): Promise<WsGuardRefusal | undefined>;
  /**
   * A `subscribe`'s validation errors as the principal may see them: without "Did you mean …"
   * suggestions where it may not introspect (over HTTP the operation limits remove them).
   */
  validationErrors(principal: Principal | undefined, errors: readonly GraphQLError[]): readonly GraphQLError[];
  /** Closes `socket` with {@link WS_EXPIRED} when the connection's token expires; returns the cancel. */
  closeAtExpiry(socket: { close(code: number, reason: string): void }, authorization: unknown): () => void;
}

/**
 * Creates the WebSocket server's guard over the principal limiter: at most
 * `limits.sockets` open sockets per principal, every `subscribe` counted against the
 * request rate (over it the socket closes with {@link WS_TOO_MANY}, 4429), and the
 * socket closed with 4401 the moment its token expires, subscriptions open or not; a
 * `subscribe`'s validation errors lose their "Did you mean …" suggestions where the principal
 * may not introspect.
 *
 * ```ts
 * serveWsSubscriptions({ server, yoga, guard: createWsGuard({ limiter }), logger });
 * ```
 */
export function createWsGuard(options: {
  readonly limiter: PrincipalLimiter;
  /** Who may introspect and see suggestions (the edge's `introspection`). @default 'authenticated' */
  readonly introspection?: IntrospectionAccess;
  readonly now?: () => Date;
  readonly logger?: Logger;
}): WsGuard {
  const { limiter } = options;
  const introspection = options.introspection ?? 'authenticated';
  const now = options.now ?? (() => new Date());
  return {
    async connect(principal, address) {
      if (await limiter.open('socket', principalKey(principal, address))) return undefined;
      return { code: WS_TOO_MANY, reason: `more than ${limiter.limits.sockets} open sockets for one principal, the limit`, errorCode: 'SOCKET_LIMIT' };
    },
    async disconnect(principal, address) {
      await limiter.close('socket', principalKey(principal, address));
    },
    async operation(principal, address) {
      const decision = await limiter.take(principalKey(principal, address));
      if (decision.allowed) return undefined;
      return { code: WS_TOO_MANY, reason: rateLimited(limiter, decision.retryAfterSeconds).message, errorCode: 'RATE_LIMITED' };
    },
    validationErrors(principal, errors) {
      if (mayIntrospectAs(introspection, principal)) return errors;
      return errors.map((error) => withoutSuggestions(error));
    },
    closeAtExpiry(socket, authorization) {
      const token = typeof authorization === 'string' ? /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
      // The token was verified at `connection_init`; only its `exp` is read here.
      const exp = token ? decodeJwt(token).exp : undefined;
      if (typeof exp !== 'number') return () => {};
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        const wait = exp * 1000 - now().getTime();
        if (wait <= 0) socket.close(WS_EXPIRED, WS_EXPIRED_REASON);
        else timer = setTimeout(arm, Math.min(wait, 2 ** 31 - 1));
      };
      arm();
      return () => clearTimeout(timer);
    },
  };
}
