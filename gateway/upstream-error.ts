import { GraphQLError } from 'graphql';
import type { CityErrorCode } from '../schema/index.ts';

/** The codes CityHub's errors carry, minus the masked one: what a client may be shown as is. */
const CLIENT_CODES: ReadonlySet<string> = new Set<CityErrorCode>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_BAD_RESPONSE',
  'INVALID_MANIFEST',
  'AUDIT_UNAVAILABLE',
]);

/**
 * The `extensions` of an upstream error a client may see: the stable code, the connector,
 * and the facts CityHub itself states (limits, the HTTP status, the type and field of a
 * malformed row, the breaker). Everything else a department's service or legacy system put
 * there (`exception.stacktrace`, a SOAP fault's text, internal hosts) stays in the log.
 */
export const UPSTREAM_CLIENT_EXTENSIONS: readonly string[] = [
  'code',
  'connector',
  'timeoutMs',
  'late',
  'status',
  'operation',
  'faultCode',
  'type',
  'field',
  'file',
  'breaker',
  'retryInMs',
  'maxResponseBytes',
  'maxResponseRows',
  'remoteCodes',
  'mismatches',
  'missingOperations',
];

/** Whether an error's code is one of the upstream codes (`UPSTREAM_*`). */
export function isUpstreamCode(code: unknown): code is 'UPSTREAM_TIMEOUT' | 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_BAD_RESPONSE' {
  return code === 'UPSTREAM_TIMEOUT' || code === 'UPSTREAM_UNAVAILABLE' || code === 'UPSTREAM_BAD_RESPONSE';
}

/** Whether `code` is one of CityHub's stable client-facing codes. */
export function isClientCode(code: unknown): code is CityErrorCode {
  return typeof code === 'string' && CLIENT_CODES.has(code);
}

/**
 * The client's copy of an upstream error: its message, its `path`, and only the
 * {@link UPSTREAM_CLIENT_EXTENSIONS}. A field error is part of a partial result, so its
 * HTTP status is 200 (the other sources' data is still served); `original` stays below it
 * for the log.
 *
 * ```ts
 * clientUpstreamError(error, { path: error.path, original: error });
 * ```
 */
export function clientUpstreamError(
  error: GraphQLError,
  options: { readonly path?: GraphQLError['path']; readonly original?: Error; readonly connector?: string } = {},
): GraphQLError {
  const kept: Record<string, unknown> = {};
  for (const name of UPSTREAM_CLIENT_EXTENSIONS) if (error.extensions?.[name] !== undefined) kept[name] = error.extensions[name];
  if (options.connector && kept.connector === undefined) kept.connector = options.connector;
  const path = options.path ?? error.path;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path,
    originalError: options.original ?? error.originalError ?? undefined,
    extensions: { ...kept, http: { status: path ? 200 : statusOf(error) } },
  });
}

function statusOf(error: GraphQLError): number {
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : 502;
}
