import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { getOperationAST, GraphQLError, print, type DocumentNode } from 'graphql';
import { ConnectorError, UpstreamTimeoutError } from '../../../schema/index.ts';
import { createHttpClient } from '../../sdk/http-client.ts';
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
  // A failure the client or its fetch reported (an answer over maxResponseBytes) keeps its code.
  if (error instanceof ConnectorError) return error;
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
 * Creates the HTTP client of a remote GraphQL service. Identical concurrent requests are
 * not merged, so every call is one request that the remote side can count.
 *
 * `request` posts the operation's text as it is (no parse, no print) through a keep-alive
 * `node:http` pool ({@link createHttpClient}: a quarter of the global `fetch`'s CPU per
 * call, and a 3xx is not followed); each call listens only on its own signal. The stitching `executor` is
 * `@graphql-tools/executor-http` for subscriptions (event streams) and the same direct post
 * for queries and mutations, so a busy gateway neither prints every document again nor adds
 * a listener per call to the executor's long-lived dispose signal.
 *
 * ```ts
 * const client = createGraphqlClient({ connectorId: 'city-events', url, timeoutMs: 5_000 });
 * const data = await client.request('{ events(limit: 1) { eventId } }', {}, AbortSignal.timeout(5_000));
 * ```
 */
export function createGraphqlClient(options: GraphqlClientOptions): GraphqlClient {
  const id = options.connectorId;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const fetchCapped = cappedFetch({ connectorId: id, maxResponseBytes });
  const streaming = buildHTTPExecutor({
    endpoint: options.url,
    headers: { ...options.headers },
    deduplicateInflightRequests: false,
    fetch: fetchCapped,
  });
  const baseHeaders: Record<string, string> = {
    accept: 'application/graphql-response+json, application/json',
    'content-type': 'application/json',
    ...options.headers,
  };
  const url = new URL(options.url);
  const what = `the answer of ${url.pathname}`;
  const http = createHttpClient({ connectorId: id, maxResponseBytes });

  // Private: one POST of an operation's text; the answer as the service gave it, or a
  // ConnectorError when there is no GraphQL answer at all.
  async function post(query: string, variables: Record<string, unknown> | undefined, signal: AbortSignal | undefined, headers?: Readonly<Record<string, string>>): Promise<ExecutionResult> {
    let status: number | undefined;
    let body: Buffer;
    try {
      const answer = await http.request(url, {
        method: 'POST',
        headers: headers ? { ...baseHeaders, ...headers } : baseHeaders,
        body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
        what,
        ...(signal ? { signal } : {}),
      });
      status = answer.status;
      body = answer.body;
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      if (signal?.aborted || isAbort(error)) throw new UpstreamTimeoutError(id, options.timeoutMs, { cause: error });
      status = (error as { status?: number } | undefined)?.status;
      const described = status === undefined ? `no answer (${describeFailure(error)})` : `HTTP ${status} and the answer broke off (${describeFailure(error)})`;
      throw new ConnectorError(id, `the GraphQL service answered ${described}`, 'UPSTREAM_UNAVAILABLE', { cause: error });
    }
    const answer = graphqlAnswerOf(body);
    if (answer) return answer;
    if (status >= 500 || status === 429) {
      throw new ConnectorError(id, `the GraphQL service answered HTTP ${status}`, 'UPSTREAM_UNAVAILABLE', { extensions: { status } });
    }
    throw new ConnectorError(id, `the GraphQL service answered HTTP ${status} without a GraphQL response`, 'UPSTREAM_BAD_RESPONSE', { extensions: { status } });
  }

  const executor = ((request: ExecutionRequest) => {
    const operation = getOperationAST(request.document, request.operationName);
    if (!operation || operation.operation === 'subscription') return streaming(request);
    const headers = request.extensions?.headers as Record<string, string> | undefined;
    return post(printOnce(request.document), request.variables, request.signal ?? request.info?.signal, headers).catch((error: unknown) => {
      // The stitching executor answers failures as results, as executor-http does.
      if (error instanceof GraphQLError) return { errors: [error] };
      throw error;
    });
  }) as Executor;

  return {
    executor,
    async request(document, variables, signal, headers) {
      const result = await post(typeof document === 'string' ? document : printOnce(document), variables, signal, headers);
      const errors = result.errors ?? [];
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
      http.close();
      await streaming[Symbol.asyncDispose]();
    },
  };
}

// Private: documents are printed once (the stitching gateway hands the same document objects
// again for every request of an operation).
const printed = new WeakMap<DocumentNode, string>();
function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
}

// Private: the body as a GraphQL response (an object with `data` or `errors`), or `undefined`.
function graphqlAnswerOf(body: Buffer): ExecutionResult | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('data' in parsed || 'errors' in parsed)) return undefined;
  const answer = parsed as { data?: unknown; errors?: unknown };
  if (answer.errors !== undefined && !Array.isArray(answer.errors)) return undefined;
  const errors = (answer.errors as Array<{ message?: unknown; extensions?: Record<string, unknown>; path?: ReadonlyArray<string | number> }> | undefined)?.map(
    (error) => new GraphQLError(typeof error?.message === 'string' ? error.message : String(error?.message), { extensions: error?.extensions ?? {}, ...(error?.path ? { path: error.path } : {}) }),
  );
  return { ...(answer.data !== undefined ? { data: answer.data as Record<string, unknown> | null } : {}), ...(errors ? { errors } : {}) };
}

function describeFailure(error: unknown): string {
  const cause = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = cause?.code ?? cause?.cause?.code;
  return typeof code === 'string' ? code : 'connection failed';
}
