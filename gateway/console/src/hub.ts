/** The console's only way to the hub: its GraphQL endpoint, with the viewer's token and purpose. */

/** A GraphQL document with the types of its answer and variables (see `documents.ts`). */
export type TypedDocument<Result, Variables> = string & { readonly __result?: Result; readonly __variables?: Variables };

/** Who is looking: the bearer token and the purpose declared with each request. */
export interface Viewer {
  readonly token: string;
  readonly purpose: string;
  /** The persona's name when the token came from the development picker. */
  readonly persona?: string;
  /** From the token's claims, for display and for which pages to show (the hub decides what it answers). */
  readonly name: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly jurisdictions: readonly string[];
  readonly purposes: readonly string[];
}

/** One error of a GraphQL answer, as the hub sends it. */
export interface GraphQLErrorShape {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly field?: string; readonly reason?: string; readonly [key: string]: unknown };
}

/** A whole GraphQL answer: partial data and errors may come together. */
export interface GraphQLAnswer<Result> {
  readonly data?: Result | null;
  readonly errors?: readonly GraphQLErrorShape[];
}

/** The hub refused or failed the request as a whole (HTTP error, or errors and no data). */
export class HubError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: readonly GraphQLErrorShape[] = [],
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** Where the hub serves GraphQL, relative to the console at `/console/`. */
export const GRAPHQL_URL = '/graphql';
const PURPOSE_HEADER = 'x-cityhub-purpose';

/** Sends one operation and answers the whole response (data and field errors both), or throws a {@link HubError}. */
export async function execute<Result, Variables>(
  viewer: Viewer,
  document: TypedDocument<Result, Variables> | string,
  variables?: Variables,
  operationName?: string,
): Promise<GraphQLAnswer<Result>> {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${viewer.token}`,
      [PURPOSE_HEADER]: viewer.purpose,
    },
    body: JSON.stringify({ query: document, variables: variables ?? {}, ...(operationName ? { operationName } : {}) }),
  });
  let body: GraphQLAnswer<Result>;
  try {
    body = (await response.json()) as GraphQLAnswer<Result>;
  } catch {
    throw new HubError(`the hub answered HTTP ${response.status} without a GraphQL body`, response.status);
  }
  if (body.data === undefined || body.data === null) {
    const errors = body.errors ?? [];
    throw new HubError(errors.map((error) => error.message).join('; ') || `the hub answered HTTP ${response.status} without data`, response.status, errors);
  }
  return body;
}

/** Like {@link execute}, but any error fails the request: for the console's own documents, which must answer whole. */
export async function request<Result, Variables>(viewer: Viewer, document: TypedDocument<Result, Variables>, variables?: Variables): Promise<Result> {
  const answer = await execute(viewer, document, variables);
  if (answer.errors && answer.errors.length > 0) throw new HubError(answer.errors.map((error) => error.message).join('; '), 200, answer.errors);
  return answer.data!;
}

/** GETs a JSON endpoint of the hub (the scenario list, /readyz, the persona picker); answers the status with the body. */
export async function getJson<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(path, init);
  let body: T;
  try {
    body = (await response.json()) as T;
  } catch {
    throw new HubError(`${path} answered HTTP ${response.status} without JSON`, response.status);
  }
  return { status: response.status, body };
}

/** The claims of a JWT's payload, read without verifying it (the hub verifies every request). */
export function readClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new TypeError('this is not a JWT: it has no payload part');
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new TypeError('this is not a JWT: its payload is not base64url JSON');
  }
}
