import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import type { ExecutionResult, Executor } from '@graphql-tools/utils';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { ConnectorError, UpstreamTimeoutError } from '../../../schema/index.ts';
import { cappedFetch } from '../../sdk/read-capped.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../sdk/manifest.ts';

/** The codes `@graphql-tools/executor-http` gives the errors it makes itself (not the remote's). */
const TRANSPORT_CODES = new Set(['SUBREQUEST_HTTP_ERROR', 'RESPONSE_VALIDATION_FAILED', 'TIMEOUT_ERROR']);

/**
 * Turns an error made by the HTTP executor itself (refused connection, timeout, an answer
 * that is not GraphQL) into a {@link ConnectorError} naming the connector; returns
 * `undefined` for an error the remote service reported in its response.
 *
 * - no answer, or HTTP 5xx/429 without a GraphQL body → `UPSTREAM_UNAVAILABLE`;
 * - the timeout elapsed → `UPSTREAM_TIMEOUT`;
 * - any other answer that is not a GraphQL response → `UPSTREAM_BAD_RESPONSE`.
 */
export function transportErrorOf(connectorId: string, error: GraphQLError, timeoutMs: number): ConnectorError | undefined {
  // A failure the connector's own fetch reported (an answer over maxResponseBytes) keeps its code.
  if (error.originalError instanceof ConnectorError) return error.originalError;
  const extensions = error.extensions as { code?: unknown; response?: { status?: unknown } };
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  if (!code || !TRANSPORT_CODES.has(code)) return undefined;
  if (code === 'TIMEOUT_ERROR' || isAbort(error.originalError)) return new UpstreamTimeoutError(connectorId, timeoutMs, { cause: error });
  const status = typeof extensions.response?.status === 'number' ? extensions.response.status : undefined;
  if (code === 'SUBREQUEST_HTTP_ERROR' || status === undefined || status >= 500 || status === 429) {
    const what = status === undefined ? `no answer (${describe(error)})` : `HTTP ${status}`;
    return new ConnectorError(connectorId, `the GraphQL service answered ${what}`, 'UPSTREAM_UNAVAILABLE', {
      cause: error,
      extensions: status === undefined ? {} : { status },
    });
  }
  return new ConnectorError(connectorId, `the GraphQL service answered HTTP ${status} without a GraphQL response`, 'UPSTREAM_BAD_RESPONSE', {
    cause: error,
    extensions: { status },
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function describe(error: GraphQLError): string {
  const cause = error.originalError as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = cause?.code ?? cause?.cause?.code;
  return typeof code === 'string' ? code : 'connection failed';
}

/** Options of {@link createGraphqlClient}. */
export interface GraphqlClientOptions {
  /** The connector the client serves, named in every error. */
  readonly connectorId: string;
  /** URL of the GraphQL endpoint. */
  readonly url: string;
  /** Headers sent with every request (credentials read from the environment). @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Timeout of one request, for the error it reports. */
  readonly timeoutMs: number;
  /** Largest answer read from the service, in bytes (`UPSTREAM_BAD_RESPONSE` beyond). @default 16777216 */
  readonly maxResponseBytes?: number;
}

/** Sends GraphQL operations to one remote service and answers their `data`. */
export interface GraphqlClient {
  /** The underlying executor (for stitching a remote subgraph). */
  readonly executor: Executor;
  /**
   * Runs one operation. Transport failures become `ConnectorError`s (see
   * {@link transportErrorOf}); errors the remote service reports become
   * `UPSTREAM_UNAVAILABLE` when it says it failed internally, `UPSTREAM_BAD_RESPONSE`
   * otherwise (the operation does not fit its schema, or its data is missing).
   */
  request(document: string | DocumentNode, variables: Record<string, unknown>, signal: AbortSignal, headers?: Readonly<Record<string, string>>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Creates the HTTP client of a remote GraphQL service, built on
 * `@graphql-tools/executor-http`. Identical concurrent requests are not merged, so every
 * call is one request that the remote side can count.
 *
 * ```ts
 * const client = createGraphqlClient({ connectorId: 'city-events', url, timeoutMs: 5_000 });
 * const data = await client.request('{ events(limit: 1) { eventId } }', {}, AbortSignal.timeout(5_000));
 * ```
 */
export function createGraphqlClient(options: GraphqlClientOptions): GraphqlClient {
  const executor = buildHTTPExecutor({
    endpoint: options.url,
    headers: { ...options.headers },
    deduplicateInflightRequests: false,
    fetch: cappedFetch({ connectorId: options.connectorId, maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES }),
  });
  const id = options.connectorId;
  return {
    executor: executor as Executor,
    async request(document, variables, signal, headers) {
      const parsed = typeof document === 'string' ? parse(document) : document;
      // Headers of this one request (a per-call token) go through the executor's extensions.
      const result = (await executor({ document: parsed, variables, signal, ...(headers ? { extensions: { headers } } : {}) })) as ExecutionResult;
      const errors = result.errors ?? [];
      for (const error of errors) {
        const transport = transportErrorOf(id, error as GraphQLError, options.timeoutMs);
        if (transport) throw transport;
      }
      if (errors.length > 0) {
        const codes = errors.map((error) => (error.extensions as { code?: unknown } | undefined)?.code);
        const internal = codes.some((code) => code === undefined || code === 'INTERNAL_SERVER_ERROR' || String(code).startsWith('UPSTREAM_'));
        // The service's own messages may quote SQL, hosts or stack traces: they are the cause
        // (logged by the gateway), never the message a client reads.
        const remoteCodes = codes.map((code) => (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : null));
        const cause = new Error(`the GraphQL service reported: ${errors.map((e) => e.message).join('; ')}`);
        throw new ConnectorError(
          id,
          `the GraphQL service reported ${errors.length === 1 ? 'an error' : `${errors.length} errors`} (${remoteCodes.map((code) => code ?? 'no code').join(', ')})`,
          internal ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE',
          { cause, extensions: { remoteCodes } },
        );
      }
      if (typeof result.data !== 'object' || result.data === null) {
        throw new ConnectorError(id, 'the GraphQL service answered without data', 'UPSTREAM_BAD_RESPONSE');
      }
      return result.data as Record<string, unknown>;
    },
    async close() {
      await executor[Symbol.asyncDispose]();
    },
  };
}
