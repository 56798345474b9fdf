import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSampleCity, type CityScale, type SampleCity, type UpstreamCall } from '../../connectors/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { openHubDatabase } from '../../gateway/store-database.ts';
import { createAuditLog, migrateAuditLog, type AuditLog } from '../../governance/index.ts';
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
    /** Turn the gateway's governance on (development tokens, agreements in SQLite under the data dir unless `databaseUrl`). @default false */
    governance?: boolean | { now?: () => Date; databaseUrl?: string };
    /** Volume of the sample city. @default 'small' */
    scale?: CityScale;
    /** Audit every operation into the hub's store (`<dataDir>/cityhub.sqlite`, or `auditDatabaseUrl`). @default false */
    audit?: boolean;
    /** With `audit`: keep the log in this database instead (e.g. PostgreSQL). */
    auditDatabaseUrl?: string;
  } = {},
): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-test-'));
  const city = await startSampleCity({ dataDir, ...(options.scale ? { scale: options.scale } : {}) });
  const governed = options.governance ? (options.governance === true ? {} : options.governance) : undefined;
  const keys = governed ? await loadDevKeyPair({ dataDir }) : undefined;
  let audit: { log: AuditLog; database: SqlDatabase } | undefined;
  if (options.audit) {
    const database = openHubDatabase({ dataDir, databaseUrl: options.auditDatabaseUrl });
    await migrateAuditLog({ db: database.db, dialect: database.dialect });
    audit = { database, log: createAuditLog({ db: database.db, dialect: database.dialect }) };
  }
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
          databaseUrl: governed.databaseUrl ?? `sqlite:${join(dataDir, 'governance.sqlite')}`,
          ...(governed.now ? { now: governed.now } : {}),
        }
      : false,
    ...(audit ? { audit: audit.log } : {}),
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
      await audit?.log.close().catch(() => undefined);
      await audit?.database.db.destroy();
      await city.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
