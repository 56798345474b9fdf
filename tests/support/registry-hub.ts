import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { createLogger } from '../../gateway/logger.ts';
import { createRegistryHub, type RegistryHub, type RegistryHubOptions } from '../../gateway/start-registry.ts';
import { loadDevKeyPair, mintToken, PURPOSE_HEADER, type Principal } from '../../governance/index.ts';
import type { GraphQLResponse } from './sample-hub.ts';

/** A plain `cityhub start` hub (registry-driven, no simulator) on a random loopback port. */
export interface RegistryTestHub {
  readonly running: RegistryHub;
  readonly url: string;
  readonly dataDir: string;
  /** Sends a query as `principal` (`null`: anonymous), declaring its first purpose. */
  as<T = any>(principal: Principal | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Starts a registry hub in a fresh data directory, governed with development tokens. */
export async function startRegistryTestHub(options: {
  env: Record<string, string>;
  databaseUrl?: string;
  checkIntervalMs?: number;
  /** The source cache (`CityHubOptions.sourceCache`). @default off */
  sourceCache?: RegistryHubOptions['sourceCache'];
}): Promise<RegistryTestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-registry-'));
  const keys = await loadDevKeyPair({ dataDir });
  const running = await createRegistryHub({
    dataDir,
    env: options.env,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE },
    logger: createLogger('silent'),
    probeIntervalMs: 0,
    ...(options.checkIntervalMs ? { checkIntervalMs: options.checkIntervalMs } : {}),
    ...(options.sourceCache !== undefined ? { sourceCache: options.sourceCache } : {}),
  });
  const url = await running.hub.listen(0);
  return {
    running,
    url,
    dataDir,
    async as(principal, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
      if (principal) {
        headers.authorization = `Bearer ${await mintToken({ principal, keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE })}`;
        if (principal.purposes[0]) headers[PURPOSE_HEADER] = principal.purposes[0];
      }
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
