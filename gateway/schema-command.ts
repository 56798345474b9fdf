import { resolve } from 'node:path';
import { loadDevKeyPair, mintToken, PERSONAS, type PersonaName } from '../governance/index.ts';
import { resolveHubConfig } from './config.ts';
import { resolveGovernanceConfig } from './governance/governance-config.ts';
import { SCHEMA_SDL_PATH } from './schema-sdl.ts';

/** Options of {@link printSchemaSdl}, as `cityhub schema print` parses them. */
export interface PrintSchemaOptions {
  /** The running hub. @default http://<CITYHUB_HOST>:<PORT> (http://127.0.0.1:4000) */
  readonly url?: string;
  /** Ask as this sample persona (a development token from the data directory's key pair). @default anonymous: open data only */
  readonly as?: string;
  /** Data directory holding the development key pair. @default CITYHUB_DATA_DIR or ./data */
  readonly dataDir?: string;
}

/**
 * `cityhub schema print`: fetches the SDL a running hub serves at `/schema.graphql`, as much of
 * the city schema as the persona may use, and resolves with it (the CLI prints it). An
 * unknown persona, a hub that does not answer or a refusal throws an `Error` saying which.
 *
 * ```ts
 * process.stdout.write(await printSchemaSdl({ as: 'caseWorker' }));
 * ```
 */
export async function printSchemaSdl(options: PrintSchemaOptions, env: Readonly<Record<string, string | undefined>> = process.env): Promise<string> {
  const config = resolveHubConfig(env);
  const base = options.url ?? `http://${config.host}:${config.port === 0 ? 4000 : config.port}`;
  let url: URL;
  try {
    url = new URL(SCHEMA_SDL_PATH, base);
  } catch {
    throw new Error(`--url must be the hub's base URL such as http://127.0.0.1:4000, received ${JSON.stringify(base)}`);
  }
  const headers: Record<string, string> = {};
  if (options.as !== undefined) {
    if (!Object.hasOwn(PERSONAS, options.as)) throw new Error(`--as must be one of ${Object.keys(PERSONAS).join(', ')}, received ${JSON.stringify(options.as)}`);
    const dataDir = resolve(options.dataDir ?? config.dataDir);
    const governance = resolveGovernanceConfig(env, dataDir);
    if (governance.identity.mode !== 'development') throw new Error('--as mints a development token; in production mode ask the identity provider for a token');
    const token = await mintToken({ principal: PERSONAS[options.as as PersonaName], keys: await loadDevKeyPair({ dataDir }), issuer: governance.identity.issuer, audience: governance.identity.audience, expiresInSeconds: 300 });
    headers.authorization = `Bearer ${token}`;
  }
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch (error) {
    throw new Error(`no hub answered at ${url.origin} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}): start one with "cityhub start", or give its address with --url`);
  }
  const body = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${body}`);
  return body;
}
