import { GatewayError, type LimitErrorCode } from '../../schema/index.ts';

/** The codes of requests refused at the hub's edge, before any connector is called. */
export type LimitCode = LimitErrorCode;

const STATUS: Readonly<Record<LimitCode, number>> = {
  DEPTH_LIMIT: 400,
  ALIAS_LIMIT: 400,
  ROOT_FIELD_LIMIT: 400,
  TOKEN_LIMIT: 400,
  DIRECTIVE_LIMIT: 400,
  COST_LIMIT: 400,
  BODY_TOO_LARGE: 413,
  CSRF_PREVENTED: 403,
  INTROSPECTION_DISABLED: 400,
  UNTRUSTED_DOCUMENT: 400,
  RATE_LIMITED: 429,
  SUBSCRIPTION_LIMIT: 429,
  SOCKET_LIMIT: 429,
};

/**
 * A request refused at the hub's edge: an operation over a limit, an oversized body, a
 * cross-site form post, a flood from one principal. `extensions.code` is one of
 * {@link LimitCode} (an audit plugin reads it there), `extensions.limit` the limit that was
 * exceeded, and the message says both the limit and what the request had.
 *
 * ```ts
 * throw new LimitError('operation depth 8 exceeds the limit of 6', 'DEPTH_LIMIT', { limit: 6 });
 * ```
 */
export class LimitError extends GatewayError {
  override readonly name: string = 'LimitError';

  constructor(message: string, code: LimitCode, extensions: Record<string, unknown> = {}) {
    super(message, code, STATUS[code], { extensions });
  }
}
