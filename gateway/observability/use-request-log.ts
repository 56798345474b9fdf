import { Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import { operationLabel, outcomeOfErrors, type RequestOutcome } from './request-outcome.ts';

/** Options of {@link useRequestLog}. */
export interface RequestLogOptions {
  readonly logger: Logger;
  /** The id of a request, the same as its audit entries' and its response's `extensions.requestId` (`createRequestIds`). */
  readonly requestIdOf: (request: Request) => string;
  /** The GraphQL endpoint, whose requests are logged. @default '/graphql' */
  readonly graphqlPath?: string;
}

/** The message of every request line, so a log query can select them. */
export const REQUEST_LOG_MESSAGE = 'GraphQL request';

/**
 * Logs one `info` line per GraphQL request as it leaves:
 * `{ msg: 'GraphQL request', requestId, method, operation, outcome, status, latencyMs }`,
 * with `operations` listing every operation of a batch and `errorCode` the first error code
 * when it failed. The `requestId` is the audit entry's and the response's
 * `extensions.requestId`. Only names, codes and numbers: never a variable, a value or an
 * error message (those may quote what the client sent); operation names are reported as
 * {@link operationLabel} maps them.
 *
 * ```ts
 * createYoga({ plugins: [useRequestLog({ logger, requestIdOf: ids.of })] });
 * ```
 */
export function useRequestLog(options: RequestLogOptions): Plugin {
  const { logger, requestIdOf } = options;
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const label = operationLabel();
  // Private: per request, the operations it executed and the names it asked for (a request
  // refused before execution executed none).
  const requests = new WeakMap<Request, { started: number; executed: string[]; asked: string[]; outcome?: RequestOutcome; errorCode?: string }>();
  const note = (state: { outcome?: RequestOutcome; errorCode?: string }, errors: readonly unknown[]) => {
    const outcome = outcomeOfErrors(errors);
    if (state.outcome === undefined || rank(outcome) > rank(state.outcome)) state.outcome = outcome;
    state.errorCode ??= errors.map((error) => (error as { extensions?: { code?: unknown } }).extensions?.code).find((code): code is string => typeof code === 'string');
  };
  return {
    onRequest({ url, request }) {
      if (url.pathname === graphqlPath) requests.set(request, { started: performance.now(), executed: [], asked: [] });
    },
    onParams({ request, params }) {
      const state = requests.get(request);
      if (state && typeof params.operationName === 'string') state.asked.push(label(params.operationName));
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const state = request ? requests.get(request) : undefined;
      if (!state) return;
      state.executed.push(label(args.operationName ?? operationNameOf(args.document as DocumentNode)));
      return {
        onExecuteDone({ result }) {
          note(state, 'errors' in result && Array.isArray(result.errors) ? result.errors : []);
        },
      };
    },
    onResultProcess({ request, result }) {
      const state = requests.get(request);
      if (!state) return;
      const results = Array.isArray(result) ? result : [result];
      note(state, results.flatMap((one) => (typeof one === 'object' && one !== null && 'errors' in one && Array.isArray(one.errors) ? one.errors : [])));
    },
    onResponse({ request, response }) {
      const state = requests.get(request);
      if (!state) return;
      const operations = state.executed.length > 0 ? state.executed : state.asked;
      const outcome = response.status === 401 || response.status === 403 ? 'denied' : (state.outcome ?? (response.status >= 400 ? 'error' : 'ok'));
      logger.info(REQUEST_LOG_MESSAGE, {
        requestId: requestIdOf(request),
        method: request.method,
        operation: operations[0] ?? label(undefined),
        ...(operations.length > 1 ? { operations } : {}),
        outcome,
        status: response.status,
        ...(state.errorCode ? { errorCode: state.errorCode } : {}),
        latencyMs: Math.round((performance.now() - state.started) * 100) / 100,
      });
    },
  };
}

function rank(outcome: RequestOutcome): number {
  return outcome === 'denied' ? 2 : outcome === 'error' ? 1 : 0;
}

function operationNameOf(document: DocumentNode): string | undefined {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 ? operations[0]!.name?.value : undefined;
}
