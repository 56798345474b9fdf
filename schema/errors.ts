import { GraphQLError } from 'graphql';

/** The codes of requests refused at the hub's edge (gateway/limits, gateway/rate-limit), before any connector is called. */
export const LIMIT_ERROR_CODES = [
  'DEPTH_LIMIT',
  'ALIAS_LIMIT',
  'ROOT_FIELD_LIMIT',
  'TOKEN_LIMIT',
  'DIRECTIVE_LIMIT',
  'COST_LIMIT',
  'BODY_TOO_LARGE',
  'CSRF_PREVENTED',
  'INTROSPECTION_DISABLED',
  'UNTRUSTED_DOCUMENT',
  'RATE_LIMITED',
  'SUBSCRIPTION_LIMIT',
  'SOCKET_LIMIT',
] as const;

/** One of {@link LIMIT_ERROR_CODES}. */
export type LimitErrorCode = (typeof LIMIT_ERROR_CODES)[number];

/**
 * The stable codes every CityHub error carries in `extensions.code`.
 *
 * Clients branch on these, never on messages.
 */
export type CityErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'INVALID_MANIFEST'
  | 'AUDIT_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | LimitErrorCode;

/** Options every CityHub error accepts beyond its message. */
export interface GatewayErrorOptions {
  /** Extra fields for `extensions` (never secrets: they reach the client). */
  readonly extensions?: Record<string, unknown>;
  /** The error that caused this one; logged, never sent to clients. */
  readonly cause?: unknown;
}

/**
 * The root of CityHub's errors: a `GraphQLError` with a stable `extensions.code` and the
 * HTTP status it maps to. Errors of this family are shown to clients as they are; any
 * other error is masked as "Unexpected error.".
 *
 * ```ts
 * throw new GatewayError('first must be between 1 and 1000, received 5000', 'BAD_USER_INPUT', 400);
 * ```
 */
export class GatewayError extends GraphQLError {
  override readonly name: string = 'GatewayError';
  readonly code: CityErrorCode;

  constructor(message: string, code: CityErrorCode, status: number, options: GatewayErrorOptions = {}) {
    super(message, {
      extensions: { ...options.extensions, code, http: { status } },
      originalError: options.cause instanceof Error ? options.cause : undefined,
    });
    this.code = code;
  }
}

/**
 * A legacy system behind a connector failed: unreachable, too slow, or answering with data
 * that does not match its declared types. `extensions.connector` names the connector.
 */
export class ConnectorError extends GatewayError {
  override readonly name: string = 'ConnectorError';
  readonly connector: string;

  constructor(
    connector: string,
    message: string,
    code: Extract<CityErrorCode, 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_BAD_RESPONSE' | 'UPSTREAM_TIMEOUT'>,
    options: GatewayErrorOptions = {},
  ) {
    super(`Connector "${connector}": ${message}`, code, code === 'UPSTREAM_TIMEOUT' ? 504 : 502, {
      ...options,
      extensions: { ...options.extensions, connector },
    });
    this.connector = connector;
  }
}

/** A legacy system did not answer within the connector's timeout. */
export class UpstreamTimeoutError extends ConnectorError {
  override readonly name: string = 'UpstreamTimeoutError';

  constructor(connector: string, timeoutMs: number, options: GatewayErrorOptions = {}) {
    super(connector, `the legacy system did not answer within ${timeoutMs} ms`, 'UPSTREAM_TIMEOUT', {
      ...options,
      extensions: { ...options.extensions, timeoutMs },
    });
  }
}

/** A request was refused by governance: no identity, a bad token, or no right to the data. */
export class GovernanceError extends GatewayError {
  override readonly name: string = 'GovernanceError';

  constructor(
    message: string,
    code: Extract<CityErrorCode, 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'AUDIT_UNAVAILABLE'>,
    options: GatewayErrorOptions = {},
  ) {
    const status = code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : code === 'AUDIT_UNAVAILABLE' ? 503 : 400;
    super(message, code, status, options);
  }
}

/** Whether an error belongs to CityHub's family (and so may be shown to clients as is). */
export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}
