import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode, type Context, type OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { IdentityVerifier, Principal } from '../governance/index.ts';
import { isGatewayError } from '../schema/index.ts';
import { CONNECTION_IDENTITY } from './governance/use-governance.ts';
import type { RequestIdentity } from './governance/use-identity.ts';
import type { WsGuard } from './limits/ws-guard.ts';
import type { Logger } from './logger.ts';
import { authenticateConnection, refusedPrincipalOf } from './ws-identity.ts';

/** Options of {@link serveWsSubscriptions}. */
export interface WsSubscriptionsOptions {
  /** The HTTP server whose `upgrade` requests on `path` become graphql-ws connections. */
  readonly server: Server;
  /** The hub's yoga server: every operation runs through its plugins (`getEnveloped`). */
  readonly yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  /** The path WebSocket clients connect to. @default '/graphql' */
  readonly path?: string;
  /**
   * Verifies each connection's `connectionParams` (see `authenticateConnection`); without
   * it (governance off) every connection is accepted as is. @default no verification
   */
  readonly verifier?: IdentityVerifier;
  /**
   * Told of every connection or `subscribe` refused by identity, before its socket closes
   * (the audit logs it as a denied entry, see `auditWsRefusal`). When it rejects, the socket
   * closes with {@link WS_AUDIT_UNAVAILABLE} instead. @default not told
   */
  readonly onRefused?: (refusal: WsRefusal) => Promise<void>;
  /**
   * Per-principal socket cap, `subscribe` rate and token expiry (see `createWsGuard`); a
   * refused or expired socket closes with the guard's code (4429, 4401). @default no guard
   */
  readonly guard?: WsGuard;
  /** How long `close` waits for clients to acknowledge before dropping them, in milliseconds. @default 1000 */
  readonly closeTimeoutMs?: number;
  readonly logger: Logger;
}

/** A WebSocket connection, or one operation on it, refused by identity. */
export interface WsRefusal {
  /** The refusal's `extensions.code`: `UNAUTHENTICATED`, `FORBIDDEN` or `BAD_USER_INPUT`. */
  readonly code: string;
  /** The verified principal when only the purpose was refused; absent for a bad token. */
  readonly principal?: Principal;
  /** When the identity check began. */
  readonly occurredAt: Date;
  /** How long the check took until the refusal, in milliseconds. */
  readonly latencyMs: number;
  /** The operation refused, when the identity failed at its `subscribe` (e.g. a token that expired since `connection_init`). */
  readonly operation?: { readonly query: string; readonly variables?: Readonly<Record<string, unknown>> | null; readonly operationName?: string | null };
}

/** GraphQL over WebSocket on the hub's server, until {@link WsSubscriptions.close}. */
export interface WsSubscriptions {
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Stops accepting connections, closes the open ones (1001) and waits until they are gone. */
  close(): Promise<void>;
}

/** Close code for a connection whose `connectionParams` are not strings where they must be. */
export const WS_BAD_CONNECTION_PARAMS = CloseCode.BadRequest;
/** Close code for a bad, expired or foreign token (graphql-ws `Unauthorized`). */
export const WS_UNAUTHENTICATED = CloseCode.Unauthorized;
/** Close code for a purpose the token does not allow (graphql-ws `Forbidden`). */
export const WS_FORBIDDEN = CloseCode.Forbidden;

/** Close code when a refusal could not be reported to `onRefused` (the audit log is unavailable). */
export const WS_AUDIT_UNAVAILABLE = CloseCode.InternalServerError;

/** The longest close reason a WebSocket frame carries, in bytes. */
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Serves GraphQL subscriptions (and queries) over WebSocket with the `graphql-transport-ws`
 * protocol on the hub's GraphQL path, beside SSE, the way graphql-yoga documents it: each
 * operation is enveloped by the yoga server, so the same plugins (governance, masking,
 * shutdown, error masking) run as for HTTP.
 *
 * With a `verifier`, the identity comes from the `connection_init` payload
 * (`{ authorization: 'Bearer …', 'x-cityhub-purpose': … }`) by the HTTP rules, and is
 * checked again on every `subscribe` (a token that expired since closes the connection). A
 * refused identity closes the socket with {@link WS_UNAUTHENTICATED} (4401) or
 * {@link WS_FORBIDDEN} (4403), the reason saying what was wrong; nothing executes. Each
 * refusal is reported to `onRefused` first (the audit's denied entry).
 *
 * ```ts
 * const ws = serveWsSubscriptions({ server, yoga, verifier: governance?.verifier, logger });
 * // on shutdown, after completing the subscriptions: await ws.close();
 * ```
 */
export function serveWsSubscriptions(options: WsSubscriptionsOptions): WsSubscriptions {
  const closeTimeoutMs = options.closeTimeoutMs ?? 1_000;
  if (!Number.isFinite(closeTimeoutMs) || closeTimeoutMs < 0) {
    throw new TypeError(`closeTimeoutMs must be a non-negative number, received ${closeTimeoutMs}`);
  }
  const { yoga, verifier, logger } = options;
  const wss = new WebSocketServer({ server: options.server, path: options.path ?? '/graphql' });
  const identities = new WeakMap<Context, RequestIdentity>();
  const open = new Set<Context>();
  // Private: what the guard admitted per connection, to give back when it closes.
  const guarded = new WeakMap<Context, { principal: Principal | undefined; address: string | undefined; cancelExpiry: () => void }>();

  // Private: verifies the connection's identity; on refusal closes the socket with the reason.
  const identify = async (
    ctx: Context<Record<string, unknown>, { socket: import('ws').WebSocket }>,
    operation?: WsRefusal['operation'],
  ): Promise<RequestIdentity | undefined> => {
    if (!verifier) return undefined;
    const occurredAt = new Date();
    const began = performance.now();
    try {
      const identity = await authenticateConnection(verifier, ctx.connectionParams);
      identities.set(ctx, identity);
      return identity;
    } catch (error) {
      if (!isGatewayError(error)) throw error;
      const code = error.extensions.code === 'FORBIDDEN' ? WS_FORBIDDEN : error.extensions.code === 'BAD_USER_INPUT' ? WS_BAD_CONNECTION_PARAMS : WS_UNAUTHENTICATED;
      logger.debug(`WebSocket connection refused (${code}): ${error.message}`);
      if (options.onRefused) {
        const principal = refusedPrincipalOf(error);
        try {
          await options.onRefused({
            code: String(error.extensions.code),
            ...(principal ? { principal } : {}),
            occurredAt,
            latencyMs: performance.now() - began,
            ...(operation ? { operation } : {}),
          });
        } catch (failure) {
          logger.error(`WebSocket refusal could not be logged: ${failure instanceof Error ? failure.message : String(failure)}`);
          ctx.extra.socket.close(WS_AUDIT_UNAVAILABLE, closeReason(`Audit log unavailable: the refusal could not be logged (${error.message})`));
          return undefined;
        }
      }
      ctx.extra.socket.close(code, closeReason(error.message));
      return undefined;
    }
  };

  const server = useServer<Record<string, unknown>, { socket: import('ws').WebSocket }>(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args) as OperationResult,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as OperationResult,
      onConnect: async (ctx) => {
        const identity = verifier ? await identify(ctx) : undefined;
        if (verifier && identity === undefined) return false;
        if (options.guard) {
          const address = ctx.extra.request.socket.remoteAddress;
          const refusal = await options.guard.connect(identity?.principal, address);
          if (refusal) {
            ctx.extra.socket.close(refusal.code, closeReason(refusal.reason));
            return false;
          }
          const authorization = Object.entries(ctx.connectionParams ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
          guarded.set(ctx, { principal: identity?.principal, address, cancelExpiry: options.guard.closeAtExpiry(ctx.extra.socket, authorization) });
        }
        open.add(ctx);
        return true;
      },
      onClose: async (ctx) => {
        open.delete(ctx);
        const admitted = guarded.get(ctx);
        if (admitted && options.guard) {
          guarded.delete(ctx);
          admitted.cancelExpiry();
          await options.guard.disconnect(admitted.principal, admitted.address);
        }
      },
      onSubscribe: async (ctx, _id, params) => {
        let identity: RequestIdentity | undefined;
        if (verifier) {
          identity = await identify(ctx, { query: params.query, variables: params.variables ?? null, operationName: params.operationName ?? null });
          if (!identity) return [new GraphQLError('the connection identity is no longer valid')];
        }
        const admitted = guarded.get(ctx);
        if (admitted && options.guard) {
          const refusal = await options.guard.operation(admitted.principal, admitted.address);
          if (refusal) {
            ctx.extra.socket.close(refusal.code, closeReason(refusal.reason));
            return [new GraphQLError(refusal.reason, { extensions: { code: refusal.errorCode } })];
          }
        }
        const enveloped = yoga.getEnveloped({
          connectionParams: ctx.connectionParams,
          socket: ctx.extra.socket,
          params,
          ...(identity ? { [CONNECTION_IDENTITY]: identity } : {}),
        });
        let document;
        try {
          document = enveloped.parse(params.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        let errors;
        try {
          errors = enveloped.validate(enveloped.schema, document);
        } catch (error) {
          // The operation limits refuse by throwing (see `useOperationLimits`).
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        if (errors.length > 0) return [...(options.guard ? options.guard.validationErrors(identity?.principal, errors) : errors)];
        return {
          schema: enveloped.schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } satisfies Enveloped,
        } satisfies ExecutionArgs;
      },
    },
    wss,
  );

  return {
    get connections() {
      return wss.clients.size;
    },
    async close() {
      // Subscriptions completed by the hub's shutdown send their `complete` message first.
      const deadline = Date.now() + closeTimeoutMs;
      while ([...open].some((ctx) => Object.keys(ctx.subscriptions).length > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const clients = [...wss.clients];
      const gone = Promise.all(clients.map((client) => (client.readyState === client.CLOSED ? undefined : new Promise((resolve) => client.once('close', resolve)))));
      // A client that never answers the close handshake is dropped after the timeout.
      const timer = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, closeTimeoutMs);
      await server.dispose();
      await gone;
      clearTimeout(timer);
    },
  };
}

// Private: the functions `getEnveloped` returns for one operation, carried to graphql-ws in `rootValue`.
interface Enveloped {
  execute(args: ExecutionArgs): unknown;
  subscribe(args: ExecutionArgs): unknown;
}

// Private: a close reason within the frame's 123 bytes.
function closeReason(message: string): string {
  if (Buffer.byteLength(message) <= MAX_CLOSE_REASON_BYTES) return message;
  let reason = message;
  while (Buffer.byteLength(`${reason}…`) > MAX_CLOSE_REASON_BYTES) reason = reason.slice(0, -1);
  return `${reason}…`;
}
