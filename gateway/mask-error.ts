import { GraphQLError } from 'graphql';
import { isGatewayError } from '../schema/index.ts';
import type { Logger } from './logger.ts';

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

/**
 * Creates the gateway's error mask: CityHub's own errors (with their codes) and graphql-js's
 * request errors reach the client as they are; anything else becomes "Unexpected error."
 * with code `INTERNAL_SERVER_ERROR`, and the original is logged once. In development the
 * original message is added to `extensions.originalMessage`.
 */
export function createErrorMask(options: { logger: Logger; development?: boolean }) {
  return (error: unknown, message: string): GraphQLError => {
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
