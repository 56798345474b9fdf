import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { answerWithApollo, readRequestBody } from '../../sdk/apollo-http.ts';

/** One operation a simulated GraphQL service received, for tests that count upstream calls. */
export interface RecordedGraphqlCall {
  readonly operationName: string | null;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The `authorization` header sent, if any (tests of credentials by reference). */
  readonly authorization?: string;
}

/** A running simulated GraphQL service. */
export interface GraphqlSimulator {
  /** URL of the GraphQL endpoint (`http://127.0.0.1:port/graphql`). */
  readonly url: string;
  /** Every operation received, oldest first. */
  readonly calls: RecordedGraphqlCall[];
  /** Delays every answer (to exercise timeouts). */
  setDelay(ms: number): void;
  /** Makes every answer this HTTP status with a plain-text body, or restores service with `null`. */
  setFailure(status: number | null): void;
  close(): Promise<void>;
}

/** Options of {@link startGraphqlSimulator}. */
export interface GraphqlSimulatorOptions {
  readonly schema: GraphQLSchema;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

/**
 * Starts a simulated department GraphQL service (`@apollo/server` on node's http server) at
 * `/graphql` on a loopback port, with a call log, delays and injected HTTP failures.
 */
export async function startGraphqlSimulator(options: GraphqlSimulatorOptions): Promise<GraphqlSimulator> {
  const calls: RecordedGraphqlCall[] = [];
  let delayMs = 0;
  let failure: number | null = null;
  const apollo = new ApolloServer({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    // Apollo would stop the service by itself on SIGTERM, failing the hub's requests in flight
    // with 502; whoever started the simulator stops it, after the hub has drained.
    stopOnTerminationSignals: false,
    // Federation subgraphs would otherwise add Apollo's inline traces to every answer.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://simulator');
      const text = await readRequestBody(request);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      if (response.destroyed) return;
      if (url.pathname !== '/graphql') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const operation = body as { operationName?: string; query?: string; variables?: Record<string, unknown> } | undefined;
      calls.push({
        operationName: operation?.operationName ?? null,
        query: String(operation?.query ?? ''),
        variables: operation?.variables ?? {},
        authorization: request.headers.authorization,
      });
      if (failure !== null) {
        response.writeHead(failure, { 'content-type': 'text/html' }).end('<html><body>系统繁忙</body></html>');
        return;
      }
      await answerWithApollo({ apollo, request, response, search: url.search, body });
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}/graphql`,
    calls,
    setDelay: (ms) => {
      delayMs = ms;
    },
    setFailure: (status) => {
      failure = status;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
