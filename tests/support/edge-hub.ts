import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { type ConnectorDefinition, type UpstreamCall } from '../../connectors/index.ts';
import { startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger, type CityHub, type CityHubOptions } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { openHubStores, type HubStores, type HubStoresOptions } from '../../gateway/store-database.ts';
import { generateDevKeyPair, mintToken, PERSONAS, PURPOSE_HEADER, type DevKeyPair, type IdentityVerifierOptions, type PersonaName, type Principal } from '../../governance/index.ts';

/** A raw HTTP answer of the hub: status, headers and the parsed JSON body (when it is JSON). */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** A governed hub in front of a few of the sample city's systems, on a random loopback port. */
export interface EdgeHub {
  readonly hub: CityHub;
  readonly url: string;
  /** The hub's data directory (its store, `cityhub.sqlite`), removed by `close`. */
  readonly dataDir: string;
  readonly stores: HubStores;
  /** The sample city's systems started (`tick()` publishes a round of sensor readings). */
  readonly city: SampleCity;
  readonly keys: DevKeyPair;
  /** Every read the connectors sent upstream, oldest first. */
  readonly upstreamCalls: UpstreamCall[];
  /** A development token for a persona, or for any principal. */
  token(who: PersonaName | Principal, options?: { expiresInSeconds?: number; now?: Date }): Promise<string>;
  /** The headers of a JSON request as `who` (`null`: anonymous), declaring their first purpose. */
  headersFor(who: PersonaName | Principal | null, purpose?: string): Promise<Record<string, string>>;
  /** POSTs a GraphQL request as JSON as `who`. */
  post(who: PersonaName | Principal | null, body: Record<string, unknown>, headers?: Record<string, string>): Promise<RawResponse>;
  /** Sends any request to `/graphql`. */
  send(init: RequestInit & { path?: string }): Promise<RawResponse>;
  /** A lazy graphql-ws client with these connection params, closed by `close`. */
  ws(connectionParams?: Record<string, unknown>, options?: { onClose?: (event: { code: number; reason: string }) => void }): Client;
  close(): Promise<void>;
}

/** Options of {@link startEdgeHub}. */
export interface EdgeHubOptions {
  /** The sample city's systems to start (connector ids). @default ['admin-divisions', 'population-registry'] */
  readonly only?: readonly string[];
  /** More connectors beside the sample city's, with their endpoint variables. */
  readonly extra?: { readonly definitions: readonly ConnectorDefinition[]; readonly env: Readonly<Record<string, string>> };
  /** The edge settings (`CityHubOptions.edge`). @default the hub's defaults */
  readonly edge?: CityHubOptions['edge'];
  /** A key pair shared with another hub (two replicas). @default a fresh one */
  readonly keys?: DevKeyPair;
  readonly development?: boolean;
  readonly audit?: boolean;
  /** Options of the audit log (`openHubStores`'s `auditOptions`: a clock, checkpoints, confidential purposes). @default {} */
  readonly auditOptions?: HubStoresOptions['auditOptions'];
  /** More plugins for the hub (`CityHubOptions.plugins`), such as the scenario documents. */
  readonly plugins?: CityHubOptions['plugins'];
  /** Where the hub logs. @default silent */
  readonly logger?: CityHubOptions['logger'];
  /** Verify tokens with these options instead (an identity provider's JWKS); `token` still mints development ones. @default the development key */
  readonly identity?: IdentityVerifierOptions;
  /** The console's options (`CityHubOptions.console`), such as its OpenID Connect login. @default the hub's */
  readonly console?: CityHubOptions['console'];
  /** The source cache (`CityHubOptions.sourceCache`). @default off */
  readonly sourceCache?: CityHubOptions['sourceCache'];
}

/**
 * Starts a governed hub (development tokens, agreements in a fresh SQLite store) in front
 * of only the sample city's systems a security test needs.
 */
export async function startEdgeHub(options: EdgeHubOptions = {}): Promise<EdgeHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-security-'));
  let city: SampleCity | undefined;
  let stores: HubStores | undefined;
  const clients: Client[] = [];
  const upstreamCalls: UpstreamCall[] = [];
  try {
    city = await startSampleCity({ dataDir, only: options.only ?? ['admin-divisions', 'population-registry'] });
    const keys = options.keys ?? (await generateDevKeyPair());
    stores = await openHubStores({ dataDir, audit: options.audit === true, ...(options.auditOptions ? { auditOptions: options.auditOptions } : {}) });
    const hub = await createCityHub({
      definitions: [...city.definitions, ...(options.extra?.definitions ?? [])],
      env: { ...city.env, ...options.extra?.env },
      dataDir,
      logger: options.logger ?? createLogger('silent'),
      probeIntervalMs: 0,
      onUpstreamCall: (call) => upstreamCalls.push(call),
      governance: { identity: options.identity ?? { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE }, agreements: stores.agreements },
      ...(options.console !== undefined ? { console: options.console } : {}),
      ...(stores.audit ? { audit: stores.audit } : {}),
      ...(options.edge !== undefined ? { edge: options.edge } : {}),
      ...(options.development ? { development: true } : {}),
      ...(options.plugins ? { plugins: options.plugins } : {}),
      ...(options.sourceCache !== undefined ? { sourceCache: options.sourceCache } : {}),
    });
    const url = await hub.listen(0);
    const openedCity = city;
    const openedStores = stores;
    const principalOf = (who: PersonaName | Principal) => (typeof who === 'string' ? PERSONAS[who] : who);
    const token: EdgeHub['token'] = (who, tokenOptions = {}) =>
      mintToken({ principal: principalOf(who), keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE, ...tokenOptions });
    const headersFor: EdgeHub['headersFor'] = async (who, purpose) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
      if (who === null) return headers;
      headers.authorization = `Bearer ${await token(who)}`;
      const declared = purpose ?? principalOf(who).purposes[0];
      if (declared) headers[PURPOSE_HEADER] = declared;
      return headers;
    };
    const send: EdgeHub['send'] = async ({ path = '/graphql', ...init }) => {
      const response = await fetch(`${url}${path}`, init);
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the raw text is the body.
      }
      return { status: response.status, headers: response.headers, body };
    };
    return {
      hub,
      url,
      dataDir,
      stores: openedStores,
      city: openedCity,
      keys,
      upstreamCalls,
      token,
      headersFor,
      send,
      async post(who, body, headers = {}) {
        return send({ method: 'POST', headers: { ...(await headersFor(who)), ...headers }, body: JSON.stringify(body) });
      },
      ws(connectionParams, wsOptions = {}) {
        const client = createClient({
          url: `${url.replace(/^http/, 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: true,
          ...(connectionParams ? { connectionParams } : {}),
          ...(wsOptions.onClose ? { on: { closed: (event) => wsOptions.onClose!(event as { code: number; reason: string }) } } : {}),
        });
        clients.push(client);
        return client;
      },
      async close() {
        for (const client of clients) await client.dispose();
        await hub.close();
        await openedStores.close();
        await openedCity.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stores?.close();
    await city?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
