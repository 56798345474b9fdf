import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type UpstreamCall } from '../../connectors/index.ts';
import { startSampleCity, type CityScale, type SampleCity } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger, type CityHub, type CityHubOptions } from '../../gateway/index.ts';
import { openHubStores, type HubStores } from '../../gateway/store-database.ts';
import type { AuditLog } from '../../governance/index.ts';
import type { SqlDatabase } from '../../connectors/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { loadDevKeyPair, mintToken, PERSONAS, PURPOSE_HEADER, type DevKeyPair, type PersonaName } from '../../governance/index.ts';

/** A GraphQL response as the client sees it. */
export interface GraphQLResponse<T = any> {
  readonly status: number;
  readonly data?: T;
  readonly errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/** The real hub on a random loopback port, in front of the sample city's simulators. */
/** The request id a response names in `extensions.requestId` (its audit entry's); throws when it names none. */
export function requestIdOf(response: GraphQLResponse): string {
  const id = (response as { extensions?: { requestId?: string } }).extensions?.requestId;
  if (typeof id !== 'string') throw new Error(`response carries no requestId: ${JSON.stringify(response).slice(0, 300)}`);
  return id;
}

export interface TestHub {
  readonly hub: CityHub;
  readonly city: SampleCity;
  readonly url: string;
  /** Every read the connectors sent upstream, oldest first. */
  readonly upstreamCalls: UpstreamCall[];
  /** The data directory (the hub's store is `<dataDir>/cityhub.sqlite` unless `databaseUrl` was given). */
  readonly dataDir: string;
  /** The audit log and its store, when started with `audit: true`. */
  readonly audit?: { readonly log: AuditLog; readonly database: SqlDatabase };
  /** The hub's store (agreements and audit log on one database), with `governance` or `audit`. */
  readonly stores?: HubStores;
  /** Sends a query over HTTP to `/graphql`. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** With `governance`: the development key pair tokens are signed with. */
  readonly keys?: DevKeyPair;
  /** With `governance`: a development token for a sample persona. */
  token(persona: PersonaName, options?: { expiresInSeconds?: number; now?: Date }): Promise<string>;
  /** With `governance`: sends a query as a persona (`null`: anonymous), declaring `purpose` (default: the persona's first). */
  queryAs<T = any>(persona: PersonaName | null, query: string, variables?: Record<string, unknown>, purpose?: string | null): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Starts the sample city and the hub in a fresh data directory. */
export async function startTestHub(
  options: {
    probeIntervalMs?: number;
    /** Turn the gateway's governance on (development tokens, agreements in the hub's store: `<dataDir>/cityhub.sqlite` unless `databaseUrl`). @default false */
    governance?: boolean | { now?: () => Date; databaseUrl?: string };
    /** Volume of the sample city. @default 'small' */
    scale?: CityScale;
    /** Audit every operation into the hub's store (`<dataDir>/cityhub.sqlite`, or `auditDatabaseUrl`). @default false */
    audit?: boolean;
    /** The hub's limits and abuse protection (`CityHubOptions.edge`). @default the hub's defaults */
    edge?: CityHubOptions['edge'];
    /** Keep the hub's store (audit log and agreements) in this database instead (e.g. PostgreSQL); `governance.databaseUrl` wins when both are given. */
    auditDatabaseUrl?: string;
    /** The audit log's options beyond its database, e.g. `checkpoints` (see `openHubStores`). @default {} */
    auditOptions?: Parameters<typeof openHubStores>[0]['auditOptions'];
    /** Start in this data directory, reusing the legacy files an earlier start wrote there, and keep it on close. @default a fresh temporary directory, removed on close */
    dataDir?: string;
  } = {},
): Promise<TestHub> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cityhub-test-'));
  const city = await startSampleCity({ dataDir, ...(options.scale ? { scale: options.scale } : {}) });
  const governed = options.governance ? (options.governance === true ? {} : options.governance) : undefined;
  const keys = governed ? await loadDevKeyPair({ dataDir }) : undefined;
  // One hub store for agreements and the audit log, as `cityhub start` opens it.
  const stores =
    governed || options.audit
      ? await openHubStores({
          dataDir,
          databaseUrl: governed?.databaseUrl ?? options.auditDatabaseUrl,
          audit: options.audit === true,
          ...(options.auditOptions ? { auditOptions: options.auditOptions } : {}),
          ...(governed?.now ? { now: governed.now } : {}),
        })
      : undefined;
  const audit = stores?.audit ? { log: stores.audit, database: stores.database } : undefined;
  const upstreamCalls: UpstreamCall[] = [];
  const hub = await createCityHub({
    definitions: city.definitions,
    env: city.env,
    dataDir,
    logger: createLogger('silent'),
    probeIntervalMs: options.probeIntervalMs ?? 0,
    onUpstreamCall: (call) => upstreamCalls.push(call),
    governance: governed
      ? {
          identity: { mode: 'development', keys: keys!, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE },
          agreements: stores!.agreements,
          ...(governed.now ? { now: governed.now } : {}),
        }
      : false,
    ...(audit ? { audit: audit.log } : {}),
    ...(options.edge !== undefined ? { edge: options.edge } : {}),
  });
  const url = await hub.listen(0);
  const token = (persona: PersonaName, tokenOptions: { expiresInSeconds?: number; now?: Date } = {}) => {
    if (!keys) throw new Error('startTestHub: tokens need { governance: true }');
    return mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE, ...tokenOptions });
  };
  const send = async (query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: any[] };
    return { status: response.status, ...body };
  };
  return {
    hub,
    city,
    url,
    upstreamCalls,
    dataDir,
    ...(audit ? { audit } : {}),
    ...(stores ? { stores } : {}),
    keys,
    token,
    query: (query, variables, headers = {}) => send(query, variables, headers),
    async queryAs(persona, query, variables, purpose) {
      const headers: Record<string, string> = {};
      if (persona) headers.authorization = `Bearer ${await token(persona)}`;
      const declared = purpose === undefined ? (persona ? PERSONAS[persona].purposes[0] : undefined) : purpose;
      if (declared) headers[PURPOSE_HEADER] = declared;
      return send(query, variables, headers);
    },
    async close() {
      await hub.close();
      await stores?.close();
      await city.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
