import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSampleCity, type SampleCity, type UpstreamCall } from '../../connectors/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';

/** A GraphQL response as the client sees it. */
export interface GraphQLResponse<T = any> {
  readonly status: number;
  readonly data?: T;
  readonly errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/** The real hub on a random loopback port, in front of the sample city's simulators. */
export interface TestHub {
  readonly hub: CityHub;
  readonly city: SampleCity;
  readonly url: string;
  /** Every read the connectors sent upstream, oldest first. */
  readonly upstreamCalls: UpstreamCall[];
  /** Sends a query over HTTP to `/graphql`. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Starts the sample city and the hub in a fresh data directory. */
export async function startTestHub(options: { probeIntervalMs?: number } = {}): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-test-'));
  const city = await startSampleCity({ dataDir });
  const upstreamCalls: UpstreamCall[] = [];
  const hub = await createCityHub({
    definitions: city.definitions,
    env: city.env,
    dataDir,
    logger: createLogger('silent'),
    probeIntervalMs: options.probeIntervalMs ?? 0,
    onUpstreamCall: (call) => upstreamCalls.push(call),
  });
  const url = await hub.listen(0);
  return {
    hub,
    city,
    url,
    upstreamCalls,
    async query(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: any[] };
      return { status: response.status, ...body };
    },
    async close() {
      await hub.close();
      await city.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
