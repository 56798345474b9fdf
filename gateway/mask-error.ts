import { GraphQLError } from 'graphql';
import { isGatewayError } from '../schema/index.ts';
import type { Logger } from './logger.ts';
import { clientUpstreamError, isUpstreamCode } from './upstream-error.ts';

/** The message clients get for any error that is not one of CityHub's own. */
export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

function isExpected(error: unknown): boolean {
  // Walk the chain: stitching re-creates errors from subgraphs, keeping the original below.
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth += 1) {
    if (isGatewayError(current)) return true;
    if (!(current instanceof GraphQLError)) return false;
    if (!current.originalError) {
      // A GraphQLError without a cause comes from graphql-js itself (syntax, validation,
      // variable coercion) or from a remote subgraph that already masked its own errors.
      return true;
    }
    current = current.originalError;
  }
  return false;
}

// Private: the outermost error of the chain that says an upstream system failed (`UPSTREAM_*`).
function upstreamErrorOf(error: unknown): GraphQLError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof GraphQLError; depth += 1) {
    if (isUpstreamCode(current.extensions?.code)) return current;
    current = current.originalError;
  }
  return undefined;
}

// Private: what the upstream system itself reported, below every error CityHub wrapped it in.
function deepestCause(error: GraphQLError): Error | undefined {
  let cause: Error | undefined;
  let current: Error | undefined | null = error.originalError;
  for (let depth = 0; depth < 8 && current; depth += 1) {
    cause = current;
    current = current instanceof GraphQLError ? current.originalError : ((current as { cause?: unknown }).cause instanceof Error ? ((current as { cause?: Error }).cause) : undefined);
  }
  return cause;
}

/**
 * Creates the gateway's error mask: CityHub's own errors (with their codes) and graphql-js's
 * request errors reach the client as they are; anything else becomes "Unexpected error."
 * with code `INTERNAL_SERVER_ERROR`, and the original is logged once. In development the
 * original message is added to `extensions.originalMessage`.
 *
 * An upstream error (`UPSTREAM_*`) reaches the client as its CityHub message with the code,
 * the connector and the facts CityHub states (`UPSTREAM_CLIENT_EXTENSIONS`); what the
 * legacy system or department service said (SQL text, hosts, stack traces) is logged only.
 * At a field it is part of a partial result: HTTP 200, the other sources' data is served.
 */
export function createErrorMask(options: { logger: Logger; development?: boolean }) {
  return (error: unknown, message: string): GraphQLError => {
    const upstream = upstreamErrorOf(error);
    if (upstream) {
      const cause = deepestCause(upstream);
      if (cause) options.logger.warn(`connector ${String(upstream.extensions?.connector ?? '?')}: ${upstream.message}`, cause);
      return clientUpstreamError(upstream, { path: (error as GraphQLError).path ?? upstream.path });
    }
    if (isExpected(error)) return error as GraphQLError;
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    options.logger.error('unexpected error while serving a request', original);
    const path = error instanceof GraphQLError ? error.path : undefined;
    return new GraphQLError(message || UNEXPECTED_ERROR_MESSAGE, {
      path,
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        http: { status: 500 },
        ...(options.development ? { originalMessage: (original as Error)?.message } : {}),
      },
    });
  };
}
