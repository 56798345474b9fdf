import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';

/** The whole body of an HTTP request, as UTF-8 text. */
export async function readRequestBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Answers one node `http` request with an `@apollo/server` instance (which has no node
 * integration of its own in v5 besides its standalone server): copies the request's headers,
 * runs the operation with a fresh context object per request (connectors key their
 * per-request dataloaders on it), and streams Apollo's answer back.
 *
 * Used by the department-hosted connector service and by the sample city's simulated
 * GraphQL systems.
 *
 * ```ts
 * const text = await readRequestBody(request);
 * await answerWithApollo({ apollo, request, response, search: url.search, body: JSON.parse(text) });
 * ```
 */
export async function answerWithApollo(options: {
  readonly apollo: ApolloServer<object>;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** The request URL's query string (`?query=…` for GET requests). */
  readonly search: string;
  /** The parsed body (or the raw text when it was not JSON). */
  readonly body: unknown;
}): Promise<void> {
  const { apollo, request, response } = options;
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const answer = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: options.search, body: options.body },
    context: async () => ({}),
  });
  const out: Record<string, string> = {};
  for (const [name, value] of answer.headers) out[name] = value;
  response.writeHead(answer.status ?? 200, out);
  if (answer.body.kind === 'complete') {
    response.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) response.write(chunk);
  response.end();
}
