import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { OnSourceReadDone, SourceRead } from '../../connectors/index.ts';
import { requestGovernanceOf } from '../governance/request-governance.ts';
import { operationLabel, outcomeOfErrors, type RequestOutcome } from './request-outcome.ts';

/** The instrumentation scope of the hub's spans. */
export const TRACER_NAME = 'cityhub';

/** Options of {@link createHubTracing}. */
export interface HubTracingOptions {
  /** Where the spans go (`createTraceProvider` builds it from the `OTEL_*` variables; tests pass an in-memory one). */
  readonly tracerProvider: TracerProvider;
  /** The id of a request, the same as its audit entry's (`createRequestIds`). */
  readonly requestIdOf: (request: Request) => string;
  /** The GraphQL endpoint, whose requests get a span. @default '/graphql' */
  readonly graphqlPath?: string;
}

/** The hub's spans: one per GraphQL request, and below it one per read of a legacy system. */
export interface HubTracing {
  /** The plugin that opens each request's span and makes it the parent of the reads it causes. */
  readonly plugin: Plugin;
  /** Opens the span of one batched read (the hub passes it as `SourceRuntime.onSourceRead`). */
  startSourceRead(read: SourceRead): OnSourceReadDone;
}

/**
 * Creates the hub's tracing. Each GraphQL request is a `SERVER` span named `POST /graphql`
 * with `http.request.method`, `url.path`, `http.response.status_code`,
 * `graphql.operation.name` and `graphql.operation.type`, `cityhub.request_id` (the audit
 * entry's), `cityhub.outcome` and the decision counts of governance
 * (`cityhub.policy.rows_filtered`, `cityhub.policy.fields_masked`,
 * `cityhub.policy.fields_withheld`). Each read of a legacy system is a `CLIENT` span
 * `connector.read <connector id>`, a child of its request's, with `cityhub.connector.id`,
 * `cityhub.connector.type`, `cityhub.connector.batch_size`, `cityhub.connector.rows` and, when
 * it failed, `cityhub.error_code` with status `ERROR`.
 *
 * No span carries a value: not a variable, not a key, not an error message (messages may
 * quote what the client sent), only names, ids, counts and codes.
 *
 * The request's span is made the active context for the whole request (Yoga's
 * `instrumentation.request`), carried to the reads through `AsyncLocalStorage`: this
 * registers the async-hooks context manager globally unless one is registered already.
 *
 * ```ts
 * const tracing = createHubTracing({ tracerProvider, requestIdOf: ids.of });
 * createYoga({ plugins: [tracing.plugin] });
 * ```
 */
export function createHubTracing(options: HubTracingOptions): HubTracing {
  registerContextManager();
  const tracer: Tracer = options.tracerProvider.getTracer(TRACER_NAME);
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const label = operationLabel();
  const spans = new WeakMap<Request, Span>();
  // Private: the outcome of the request's operations, worst first (denied over error over ok).
  const outcomes = new WeakMap<Request, RequestOutcome>();
  const plugin: Plugin = {
    instrumentation: {
      request({ request }, wrapped) {
        const path = new URL(request.url, 'http://localhost').pathname;
        if (path !== graphqlPath) return wrapped();
        const span = tracer.startSpan(`${request.method} ${path}`, {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': request.method, 'url.path': path, 'cityhub.request_id': options.requestIdOf(request) },
        });
        spans.set(request, span);
        const end = () => {
          const outcome = outcomes.get(request);
          if (outcome) span.setAttribute('cityhub.outcome', outcome);
          if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        };
        return context.with(trace.setSpan(context.active(), span), async () => {
          try {
            await wrapped();
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            end();
          }
        });
      },
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const span = request ? spans.get(request) : undefined;
      if (!span || !request) return;
      const operations = (args.document as DocumentNode).definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
      const operation = args.operationName ? operations.find((one) => one.name?.value === args.operationName) : operations[0];
      span.setAttribute('graphql.operation.name', label(args.operationName ?? operation?.name?.value));
      if (operation) span.setAttribute('graphql.operation.type', operation.operation);
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result && Array.isArray(result.errors) ? result.errors : [];
          note(request, outcomeOfErrors(errors), errors);
          const governance = requestGovernanceOf(args.contextValue);
          if (!governance) return;
          let rowsFiltered = 0;
          for (const count of governance.rowsFilteredByType.values()) rowsFiltered += count;
          let fieldsMasked = 0;
          for (const decision of governance.decisions.values()) if (decision.effect === 'mask') fieldsMasked += 1;
          span.setAttributes({
            'cityhub.policy.rows_filtered': rowsFiltered,
            'cityhub.policy.fields_masked': fieldsMasked,
            'cityhub.policy.fields_withheld': governance.denials.size,
          });
        },
      };
    },
    // The final result, after every plugin's onExecuteDone (governance adds its FORBIDDEN notices there).
    onResultProcess({ request, result }) {
      if (!spans.has(request)) return;
      const results = Array.isArray(result) ? result : [result];
      const errors = results.flatMap((one) => (typeof one === 'object' && one !== null && 'errors' in one && Array.isArray(one.errors) ? one.errors : []));
      note(request, outcomeOfErrors(errors), errors);
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute('http.response.status_code', response.status);
      if (!outcomes.has(request)) outcomes.set(request, response.status === 401 || response.status === 403 ? 'denied' : response.status >= 400 ? 'error' : 'ok');
    },
  };

  // Private: keeps the worst outcome of a request's operations and the first error code.
  const note = (request: Request, outcome: RequestOutcome, errors: readonly unknown[]) => {
    const before = outcomes.get(request);
    if (!before || rank(outcome) > rank(before)) outcomes.set(request, outcome);
    const code = errors.map((error) => (error as { extensions?: { code?: unknown } }).extensions?.code).find((one) => typeof one === 'string');
    const span = spans.get(request);
    if (span && typeof code === 'string') span.setAttribute('cityhub.error_code', code);
  };

  return {
    plugin,
    startSourceRead(read) {
      const span = tracer.startSpan(`connector.read ${read.connector}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'cityhub.connector.id': read.connector, 'cityhub.connector.type': read.type, 'cityhub.connector.batch_size': read.batchSize },
      });
      return (outcome) => {
        if (outcome.error) {
          span.setAttribute('cityhub.error_code', outcome.error.code);
          span.setStatus({ code: SpanStatusCode.ERROR });
        } else {
          span.setAttribute('cityhub.connector.rows', outcome.rows);
        }
        span.end();
      };
    },
  };
}

function rank(outcome: RequestOutcome): number {
  return outcome === 'denied' ? 2 : outcome === 'error' ? 1 : 0;
}

// Private: spans reach the reads a request causes only through an async context manager.
let contextManagerRegistered = false;
function registerContextManager(): void {
  if (contextManagerRegistered) return;
  contextManagerRegistered = true;
  // Returns false (and changes nothing) when the application registered its own already.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}
