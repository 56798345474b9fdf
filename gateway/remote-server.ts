import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { answerWithApollo, createConnector, readRequestBody, type Connector, type ConnectorDefinition, type SourceRuntime } from '../connectors/index.ts';
import type { JSONWebKeySet } from 'jose';
import { GRAPHQL_PATH } from './hub.ts';
import { createRemoteCallVerifier, RemoteCallRefusedError } from './remote-call-verifier.ts';
import { createLogger, type Logger } from './logger.ts';
import { createErrorMask, UNEXPECTED_ERROR_MESSAGE } from './mask-error.ts';

/** Options of {@link startRemoteConnector}. */
export interface RemoteConnectorServerOptions {
  /** The connector to serve: its manifest is the same one the gateway holds. */
  readonly definition: ConnectorDefinition;
  /**
   * The hub's public keys (its `<data dir>/hub-jwks.json`, see `readHubJwks`): every call to
   * `/graphql` and `/readyz` must carry a JWT the hub signed for this connector, or it is
   * refused with 401 before it reaches the legacy system.
   */
  readonly hubJwks: JSONWebKeySet;
  /** Where the manifest's endpoint and credential variables are read from. @default process.env */
  readonly env?: SourceRuntime['env'];
  /** Directory that relative `sqlite:` endpoints resolve against. @default './data' */
  readonly dataDir?: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** @default createLogger('info') */
  readonly logger?: Logger;
  /** Show original messages of masked errors (never in production). @default false */
  readonly development?: boolean;
  /** Called for every read the connector sends to its legacy system. */
  readonly onUpstreamCall?: SourceRuntime['onUpstreamCall'];
}

/** A department-hosted connector, serving its subgraph. */
export interface RemoteConnectorServer {
  readonly connector: Connector;
  /** URL of the GraphQL endpoint, such as `http://127.0.0.1:4101/graphql`: the gateway's `CITYHUB_REMOTE_<ID>_URL`. */
  readonly url: string;
  close(): Promise<void>;
}


/**
 * Serves ONE connector's subgraph (the same schema as in process, with its hidden `_lookup`
 * fields) with `@apollo/server` on node's http server, for a department that runs its
 * connector on its own premises. `GET /readyz` probes the legacy system (200, or 503 with
 * the error code). Every request gets a fresh context, so dataloaders batch within one
 * request and never share rows across requests. CityHub's own errors keep their `code` and
 * `connector`; any other error is "Unexpected error." and is logged.
 *
 * Every call but `GET /healthz` must carry a JWT the hub signed for this connector (see
 * `createRemoteCallVerifier`); anything else gets 401 and never reaches the legacy system.
 * `close()` stops taking connections and lets the running requests finish first.
 *
 * ```ts
 * const served = await startRemoteConnector({ definition: elderlyRegistry, hubJwks: await readHubJwks('hub-jwks.json'), port: 4101 });
 * // gateway: CITYHUB_REMOTE_ELDERLY_REGISTRY_URL=http://host:4101/graphql
 * ```
 */
export async function startRemoteConnector(options: RemoteConnectorServerOptions): Promise<RemoteConnectorServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`port must be an integer from 0 to 65535, received ${port}`);
  const logger = options.logger ?? createLogger('info');
  const verifier = createRemoteCallVerifier({ connectorId: options.definition.manifest.id, jwks: options.hubJwks });
  const connector = createConnector(options.definition, {
    env: options.env ?? process.env,
    dataDir: options.dataDir ?? './data',
    onUpstreamCall: options.onUpstreamCall,
  });
  const mask = createErrorMask({ logger, development: options.development });
  const apollo = new ApolloServer({
    schema: connector.schema,
    // The command that runs this server stops it on SIGTERM, after the running requests.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      const masked = mask(error, UNEXPECTED_ERROR_MESSAGE);
      if (masked === error) return formatted;
      return { message: masked.message, path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR', ...(options.development ? { originalMessage: masked.extensions.originalMessage } : {}) } };
    },
  });
  await apollo.start();

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://connector');
      // Only the hub's calls go further: `/readyz` and `/graphql` reach the legacy system.
      if (url.pathname !== '/healthz') {
        try {
          await verifier.verify(request.headers.authorization);
        } catch (error) {
          if (!(error instanceof RemoteCallRefusedError)) throw error;
          logger.warn(`connector ${connector.id} refused a call to ${url.pathname}: ${error.message}`);
          request.resume();
          response
            .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="cityhub-connector"' })
            .end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] }));
          return;
        }
      }
      if (url.pathname === '/readyz' || url.pathname === '/healthz') {
        let status = 200;
        let body: Record<string, unknown> = { status: 'ready', connector: connector.id };
        if (url.pathname === '/readyz') {
          try {
            await connector.probe();
          } catch (error) {
            const extensions = (error as { extensions?: { code?: string } }).extensions;
            status = 503;
            body = { status: 'not ready', connector: connector.id, code: extensions?.code ?? 'UPSTREAM_UNAVAILABLE', message: (error as Error).message };
          }
        } else body = { status: 'ok' };
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      if (url.pathname !== GRAPHQL_PATH) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `not found; GraphQL is at ${GRAPHQL_PATH}` }));
        return;
      }
      const text = await readRequestBody(request);
      let body: unknown = text;
      if ((request.headers['content-type'] ?? '').includes('json') && text) {
        try {
          body = JSON.parse(text);
        } catch {
          response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'the request body is not JSON', extensions: { code: 'BAD_USER_INPUT' } }] }));
          return;
        }
      }
      await answerWithApollo({ apollo, request, response, search: url.search, body });
    })().catch((error: unknown) => {
      logger.error('remote connector failed to answer a request', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: UNEXPECTED_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await apollo.stop();
    await connector.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    connector,
    url: `http://${host}:${address.port}${GRAPHQL_PATH}`,
    async close() {
      // Running requests finish; each connection is closed as soon as its last response ends,
      // rather than after the client's keep-alive.
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clearInterval(sweep);
      await apollo.stop();
      await connector.close();
    },
  };
}
