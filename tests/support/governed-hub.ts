import type { ConnectorDefinition } from '../../connectors/index.ts';
import { createCityHub, createLogger, type CityHub, type Logger } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { PERSONAS, PURPOSE_HEADER, generateDevKeyPair, mintToken, type PersonaName } from '../../governance/index.ts';
import type { GraphQLResponse } from './sample-hub.ts';

/** A governed hub over a few connectors (no sample city), listening on a loopback port. */
export interface GovernedHub {
  readonly hub: CityHub;
  readonly url: string;
  /** Sends a query over HTTP as a persona, declaring its first purpose. */
  queryAs<T = any>(persona: PersonaName, query: string): Promise<GraphQLResponse<T>>;
  /** A development token for a persona. */
  token(persona: PersonaName): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the hub in front of `definitions` with governance on (development tokens,
 * agreements in memory) and listens on a random loopback port. Nothing else is started:
 * the test starts the legacy systems the definitions point at.
 */
export async function startGovernedHub(options: {
  readonly definitions: readonly ConnectorDefinition[];
  readonly env: Record<string, string>;
  readonly logger?: Logger;
  readonly probeIntervalMs?: number;
  /** Where the agreements are stored. @default 'sqlite::memory:' */
  readonly databaseUrl?: string;
  /** `CityHubOptions.metricsToken`. @default none */
  readonly metricsToken?: string;
}): Promise<GovernedHub> {
  const keys = await generateDevKeyPair();
  const hub = await createCityHub({
    definitions: options.definitions,
    env: options.env,
    dataDir: '.',
    logger: options.logger ?? createLogger('silent'),
    probeIntervalMs: options.probeIntervalMs ?? 0,
    startupTimeoutMs: 0,
    graphiql: false,
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    governance: {
      identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE },
      databaseUrl: options.databaseUrl ?? 'sqlite::memory:',
    },
  });
  const url = await hub.listen(0);
  return {
    hub,
    url,
    token: (persona) => mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE }),
    async queryAs(persona, query) {
      const token = await mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE });
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${token}`,
          [PURPOSE_HEADER]: PERSONAS[persona].purposes[0]!,
        },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
    },
    close: () => hub.close(),
  };
}
