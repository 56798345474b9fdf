import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';
import { DEV_TOKENS_PATH, type DevTokenMinter } from './dev-tokens.ts';
import { CONSOLE_CONFIG_PATH, type ConsoleConfigBody, type ConsoleOidcConfig } from './oidc-config.ts';

/** Where the hub serves the console. */
export const CONSOLE_PATH = '/console';

/** Where `npm run build:console` writes the console (gitignored), beside this module. */
export const CONSOLE_DIST_DIR = join(dirname(fileURLToPath(import.meta.url)), 'dist');

/** Options of {@link useConsole}. */
export interface ConsoleOptions {
  /** The built console. @default CONSOLE_DIST_DIR */
  readonly dir?: string;
  /**
   * The persona picker's token minter (development key only, see `devTokenMinter`). Without
   * one, `/console/dev-tokens` answers 404 saying tokens come from the identity provider.
   */
  readonly devTokens?: DevTokenMinter;
  /** The OpenID Connect login the console offers (`resolveConsoleOidc`), listed at `/console/config`. @default none */
  readonly oidc?: ConsoleOidcConfig;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the CityHub console at `/console`: the files Vite built into `dir` (hashed assets
 * cached for a year, `index.html` for every other path under `/console` so the app's own
 * routes reload), and `/console/dev-tokens` for the persona picker (`GET` lists the personas,
 * `POST {"persona": "auditor"}` answers `{ token }`) only when the hub verifies with its
 * development key, and `/console/config` (how to sign in: the OpenID Connect login, if any). The console talks to `/graphql` with the viewer's token like any client.
 *
 * A console that was not built answers 503 naming the command that builds it.
 *
 * ```ts
 * createYoga({ plugins: [useConsole({ devTokens: devTokenMinter(identity) })] });
 * ```
 */
export function useConsole(options: ConsoleOptions = {}): Plugin {
  const dir = options.dir ?? CONSOLE_DIST_DIR;
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      const path = url.pathname;
      if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return;
      if (path === DEV_TOKENS_PATH) {
        endResponse(await devTokens(options.devTokens, request, fetchAPI.Response));
        return;
      }
      if (path === CONSOLE_CONFIG_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
        const body: ConsoleConfigBody = { development: options.devTokens !== undefined, oidc: options.oidc ?? null };
        endResponse(fetchAPI.Response.json(body, { headers: { 'cache-control': 'no-cache' } }));
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(fetchAPI.Response.json({ error: `${request.method} ${path}: the console answers GET only` }, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const relative = path.slice(CONSOLE_PATH.length).replace(/^\/+/, '');
      const file = relative.startsWith('assets/') ? inside(dir, relative) : join(dir, 'index.html');
      if (file === undefined) {
        endResponse(fetchAPI.Response.json({ error: `no console file at ${path}` }, { status: 404 }));
        return;
      }
      const body = await readIfFile(file);
      if (body === undefined) {
        const built = await readIfFile(join(dir, 'index.html'));
        endResponse(
          built === undefined
            ? new fetchAPI.Response(`The CityHub console is not built (no ${join(dir, 'index.html')}): run npm run build:console`, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } })
            : fetchAPI.Response.json({ error: `no console file at ${path}` }, { status: 404 }),
        );
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
          headers: {
            'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
            // Vite names assets by their content; index.html must be read again after a rebuild.
            'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}

// Private: the persona picker's endpoint.
async function devTokens(minter: DevTokenMinter | undefined, request: Request, Response: typeof globalThis.Response): Promise<Response> {
  if (minter === undefined) {
    return Response.json(
      { error: 'development tokens are minted only when the hub verifies with its development key (CITYHUB_JWKS_URL unset); sign in with the city\'s identity provider and paste its token' },
      { status: 404 },
    );
  }
  if (request.method === 'GET') return Response.json({ development: true, personas: minter.personas() });
  if (request.method !== 'POST') return Response.json({ error: `${request.method} ${DEV_TOKENS_PATH}: use GET to list the personas, POST {"persona": "<name>"} to mint a token` }, { status: 405, headers: { allow: 'GET, POST' } });
  // JSON only: a cross-site form cannot send it without a CORS preflight the hub refuses.
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return Response.json({ error: `POST ${DEV_TOKENS_PATH} takes content-type application/json, received ${JSON.stringify(request.headers.get('content-type'))}` }, { status: 415 });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: `POST ${DEV_TOKENS_PATH} takes a JSON body {"persona": "<name>"}` }, { status: 400 });
  }
  const persona = (body as { persona?: unknown } | null)?.persona;
  if (typeof persona !== 'string') return Response.json({ error: `POST ${DEV_TOKENS_PATH}: "persona" must be a string, received ${JSON.stringify(persona)}` }, { status: 400 });
  try {
    return Response.json({ token: await minter.mint(persona) }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    if (error instanceof TypeError) return Response.json({ error: `POST ${DEV_TOKENS_PATH}: ${error.message}` }, { status: 400 });
    throw error;
  }
}

// Private: `relative` resolved inside `dir`, or undefined when it would leave it.
function inside(dir: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  const file = normalize(join(dir, decoded));
  return file.startsWith(dir + sep) ? file : undefined;
}

// Private: a regular file's bytes, or undefined when there is none.
async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}
