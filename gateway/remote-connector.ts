import type { ExecutionResult, Executor } from '@graphql-tools/utils';
import { buildClientSchema, getIntrospectionQuery, GraphQLError, parse, printSchema, type IntrospectionQuery } from 'graphql';
import {
  buildConnectorSubschema,
  createGraphqlClient,
  transportErrorOf,
  type Connector,
  type ConnectorDefinition,
  type SourceAdapter,
} from '../connectors/index.ts';
import { ConnectorError } from '../schema/index.ts';
import type { RemoteCallSigner } from './remote-call-signer.ts';
import { clientUpstreamError, isClientCode } from './upstream-error.ts';

/** A connector served by its department (`cityhub serve-connector`), reached over HTTP. */
export interface RemoteConnector extends Connector {
  /** The URL of the department-hosted GraphQL endpoint. */
  readonly url: string;
  /** Sends the gateway's delegated operations to the remote connector. */
  readonly executor: Executor;
}

/** Options of {@link createRemoteConnector}. */
export interface RemoteConnectorOptions {
  /** URL of the remote connector's GraphQL endpoint, such as `http://10.2.0.7:4101/graphql`. */
  readonly url: string;
  /**
   * Longest wait for one answer of the remote connector, in milliseconds. It is longer than
   * the manifest's own timeout, so the remote side reports its legacy system's timeout first.
   * @default manifest.timeoutMs + 1000
   */
  readonly timeoutMs?: number;
  /** Signs the short-lived JWT every call carries (the remote connector refuses any call without one). */
  readonly signer: RemoteCallSigner;
}

/** The prefix and suffix of the variables naming remote connectors: `CITYHUB_REMOTE_<ID>_URL`. */
export function remoteUrlVariable(connectorId: string): string {
  return `CITYHUB_REMOTE_${connectorId.toUpperCase().replace(/-/g, '_')}_URL`;
}

/**
 * The remote connectors configured in the environment: for each connector id, the value of
 * `CITYHUB_REMOTE_<ID>_URL` (the id upper-cased, `-` as `_`) when it is set.
 *
 * ```ts
 * remoteUrlsFromEnv({ CITYHUB_REMOTE_ELDERLY_REGISTRY_URL: 'http://10.2.0.7:4101/graphql' }, ['elderly-registry'])
 * // → { 'elderly-registry': 'http://10.2.0.7:4101/graphql' }
 * ```
 */
export function remoteUrlsFromEnv(env: Readonly<Record<string, string | undefined>>, connectorIds: readonly string[]): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const id of connectorIds) {
    const value = env[remoteUrlVariable(id)];
    if (value) urls[id] = value;
  }
  return urls;
}

/**
 * Private: an error the department's service reported, as the gateway passes it on. One of
 * CityHub's codes keeps its message and only the extensions CityHub states; anything else
 * (an unmasked exception, a stack trace, SQL text) becomes `UPSTREAM_UNAVAILABLE` naming the
 * connector. The original stays below it, for the log.
 */
function fromDepartment(connectorId: string, error: GraphQLError): GraphQLError {
  if (isClientCode(error.extensions?.code)) return clientUpstreamError(error, { connector: connectorId, original: error });
  return new GraphQLError(`Connector "${connectorId}": the department's connector service failed`, {
    path: error.path,
    originalError: error,
    extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: connectorId, http: { status: error.path ? 200 : 502 } },
  });
}

/** Private: the gateway never reads a remote connector's legacy system itself. */
function unreachableAdapter(connectorId: string): SourceAdapter {
  const refuse = async (): Promise<never> => {
    throw new TypeError(`connector "${connectorId}" is remote: its legacy system is read by the department's service`);
  };
  return { find: refuse, probe: refuse, close: async () => {} };
}

/**
 * Creates the gateway's side of a department-hosted connector. Its subgraph schema is built
 * from the same manifest as in process (so the city schema is the same either way), and
 * every delegated operation goes over HTTP (`@graphql-tools/executor-http`). The remote
 * side's errors keep their `code` and `connector`; failures of the hop itself become
 * `UPSTREAM_UNAVAILABLE` or `UPSTREAM_TIMEOUT` naming the connector.
 *
 * The probe checks that the remote serves exactly the manifest's subgraph (a drifted
 * deployment is `UPSTREAM_BAD_RESPONSE`) and that its legacy system answers (its `/readyz`).
 *
 * ```ts
 * const connector = createRemoteConnector(elderlyRegistry, { url: 'http://10.2.0.7:4101/graphql' });
 * ```
 */
export function createRemoteConnector(definition: ConnectorDefinition, options: RemoteConnectorOptions): RemoteConnector {
  const { manifest } = definition;
  let endpoint: URL;
  try {
    endpoint = new URL(options.url);
  } catch {
    throw new TypeError(`remote URL of connector "${manifest.id}" must be an http(s) URL, received ${JSON.stringify(options.url)}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new TypeError(`remote URL of connector "${manifest.id}" must be an http(s) URL, received ${JSON.stringify(options.url)}`);
  }
  const timeoutMs = options.timeoutMs ?? manifest.timeoutMs + 1_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new TypeError(`timeoutMs must be a positive integer, received ${timeoutMs}`);
  const schema = buildConnectorSubschema(manifest, unreachableAdapter(manifest.id));
  const client = createGraphqlClient({ connectorId: manifest.id, url: endpoint.href, timeoutMs });

  // Every call carries a token of its own, signed now, for this connector only.
  const authorization = async () => ({ authorization: `Bearer ${await options.signer.sign(manifest.id)}` });
  const executor: Executor = async (request) => {
    const signal = request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    const headers = { ...(request.extensions?.headers as Record<string, string> | undefined), ...(await authorization()) };
    const result = (await client.executor({ ...request, signal, extensions: { ...request.extensions, headers } })) as ExecutionResult;
    if (!result.errors?.length) return result;
    return { ...result, errors: result.errors.map((error) => transportErrorOf(manifest.id, error as GraphQLError, timeoutMs) ?? fromDepartment(manifest.id, error as GraphQLError)) };
  };

  return {
    id: manifest.id,
    manifest,
    schema,
    url: endpoint.href,
    executor,
    async probe() {
      const signal = AbortSignal.timeout(timeoutMs);
      // The scalars carry @specifiedBy, which the default introspection leaves out.
      const data = await client.request(parse(getIntrospectionQuery({ specifiedByUrl: true })), {}, signal, await authorization());
      const served = printSchema(buildClientSchema(data as unknown as IntrospectionQuery));
      if (served !== printSchema(schema)) {
        throw new ConnectorError(manifest.id, `the remote connector at ${endpoint.href} serves a subgraph that differs from its manifest`, 'UPSTREAM_BAD_RESPONSE');
      }
      const readiness = new URL('/readyz', endpoint);
      let response: Response;
      try {
        response = await fetch(readiness, { signal, headers: await authorization() });
      } catch (cause) {
        throw new ConnectorError(manifest.id, `the remote connector's ${readiness.pathname} did not answer`, 'UPSTREAM_UNAVAILABLE', { cause });
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
      const code = body.code === 'UPSTREAM_TIMEOUT' || body.code === 'UPSTREAM_BAD_RESPONSE' ? body.code : 'UPSTREAM_UNAVAILABLE';
      // The remote message already names the connector: keep only what follows its prefix.
      const reason = typeof body.message === 'string' ? body.message.replace(/^Connector "[^"]*": /, '') : `HTTP ${response.status}`;
      throw new ConnectorError(manifest.id, `the remote connector is not ready (${reason})`, code);
    },
    close: () => client.close(),
  };
}
