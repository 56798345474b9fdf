import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LimitError } from './limit-error.ts';

/** Options of {@link useRequestGuards}. */
export interface RequestGuardsOptions {
  /** Largest request body, in bytes. @default 2 MB */
  readonly maxBodyBytes?: number;
  /** The GraphQL endpoint guarded. @default '/graphql' */
  readonly graphqlPath?: string;
}

/** The headers that mark a request as sent by a script (a browser preflights them), yoga's and Apollo's. */
export const CSRF_PREFLIGHT_HEADERS: readonly string[] = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'];

// Private: the content types a browser sends cross-site without a preflight.
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Guards the GraphQL endpoint before a body is read:
 *
 * - a body larger than `maxBodyBytes` is refused with HTTP 413 (`BODY_TOO_LARGE`): by its
 *   `Content-Length` at once, and a chunked body as soon as its bytes pass the limit;
 * - cross-site request forgery: a request a browser sends without a CORS preflight (no
 *   content type, or a form's or `text/plain`) is refused with HTTP 403 (`CSRF_PREVENTED`)
 *   unless it carries one of {@link CSRF_PREFLIGHT_HEADERS}, as yoga's `useCSRFPrevention`
 *   and Apollo Server's CSRF prevention do. Hand-written rather than yoga's plugin, whose
 *   refusal carries no `extensions.code` for clients and the audit to read.
 *
 * ```ts
 * plugins: [useRequestGuards({ maxBodyBytes: 2 * 1024 * 1024 })]
 * ```
 */
export function useRequestGuards(options: RequestGuardsOptions = {}): Plugin {
  const max = options.maxBodyBytes ?? 2 * 1024 * 1024;
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`maxBodyBytes must be a positive integer, received ${JSON.stringify(max)}`);
  const path = options.graphqlPath ?? '/graphql';
  const tooLarge = (received: string) => new LimitError(`the request body is larger than ${max} bytes, the limit (received ${received})`, 'BODY_TOO_LARGE', { limit: max });
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path || request.method === 'OPTIONS') return;
      const length = Number(request.headers.get('content-length') ?? '0');
      if (length > max) endResponse(refusal(fetchAPI, tooLarge(`${length} bytes`)));
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'OPTIONS') return;
      const contentType = request.headers.get('content-type')?.toLowerCase();
      const simple = contentType === undefined || SIMPLE_CONTENT_TYPES.some((type) => contentType.startsWith(type));
      if (simple && !CSRF_PREFLIGHT_HEADERS.some((header) => request.headers.has(header))) {
        throw new LimitError(
          `a request with ${contentType ? `content type ${contentType}` : 'no content type'} must carry one of the headers ${CSRF_PREFLIGHT_HEADERS.join(', ')} (cross-site request forgery prevention); send JSON (application/json) instead`,
          'CSRF_PREVENTED',
        );
      }
      // A chunked body has no length to refuse it by: count its bytes while reading it.
      if (request.method === 'POST' && !request.headers.has('content-length') && request.body) {
        setRequestParser(async (incoming) => {
          const text = await readLimited(incoming.body!, max, () => tooLarge(`more than ${max} bytes, chunked`));
          try {
            return JSON.parse(text);
          } catch (error) {
            throw new GraphQLError(`POST body sent invalid JSON: ${(error as Error).message}`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
        });
      }
    },
  };
}

function refusal(fetchAPI: { Response: typeof Response }, error: LimitError): Response {
  const { http, ...extensions } = error.extensions as { http: { status: number } };
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
    status: http.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

async function readLimited(body: ReadableStream<Uint8Array>, max: number, tooLarge: () => Error): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Yoga's `cors` option for an allow-list of origins: an allowed origin gets its own
 * `Access-Control-Allow-Origin` with credentials; any other origin, and every origin when
 * the list is empty, gets no CORS headers at all (the browser then withholds the answer).
 * Never "reflect any origin with credentials", yoga's default.
 *
 * ```ts
 * createYoga({ cors: corsFromAllowList(['https://screens.city.example']) });
 * ```
 */
export function corsFromAllowList(origins: readonly string[]): (request: Request) => false | { origin: string[]; credentials: true; allowedHeaders: string[]; methods: string[] } {
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return { origin: [origin], credentials: true, methods: ['GET', 'POST', 'OPTIONS'], allowedHeaders: ['content-type', 'authorization', 'x-cityhub-purpose', ...CSRF_PREFLIGHT_HEADERS] };
  };
}
