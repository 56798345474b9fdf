import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { openSqlDatabase, type ConnectorManifest } from '../../connectors/index.ts';
import { createAgreementStore, createIdentityVerifier, type AgreementStore, type IdentityVerifier, type IdentityVerifierOptions } from '../../governance/index.ts';
import type { Logger } from '../logger.ts';
import { addAgreementsApi } from './agreements-api.ts';
import { cacheAgreements, type CachedAgreementStore } from './cache-agreements.ts';
import { buildGovernanceCatalogue, type GovernanceCatalogue } from './governance-catalogue.ts';
import { governCitySchema } from './govern-city-schema.ts';
import { CONNECTION_IDENTITY, useGovernance } from './use-governance.ts';
import { useIdentity, type RequestDenial, type RequestIdentity } from './use-identity.ts';

/** Options of {@link createHubGovernance}. */
export interface HubGovernanceOptions {
  /** A verifier, or the options to create one (`resolveGovernanceConfig` builds them from the environment). */
  readonly identity: IdentityVerifier | IdentityVerifierOptions;
  /** The agreement store; or give `databaseUrl` and the hub opens (and closes) one. */
  readonly agreements?: AgreementStore;
  /** `sqlite:<file>` or `postgres://…`, used when `agreements` is not given. */
  readonly databaseUrl?: string;
  /** The GraphQL endpoint. @default '/graphql' */
  readonly graphqlPath?: string;
  /** The clock every policy decision reads. @default () => new Date() */
  readonly now?: () => Date;
  /** Where the cache of agreements reports that it cannot start, a lost LISTEN connection or a failed check. @default warnings on stderr */
  readonly logger?: Pick<Logger, 'warn'>;
}

/** The gateway's governance: its identity and policy plugins (installed by `useCityGovernance`), the governed schema, and its store. */
export interface HubGovernance {
  readonly verifier: IdentityVerifier;
  readonly agreements: AgreementStore;
  /** Requests `useIdentity` refused before execution (HTTP 401/403), for the audit. */
  readonly denials: WeakMap<Request, RequestDenial>;
  /** The verified identity of an operation context (HTTP request, or WebSocket operation), or of a request itself; `undefined` before `useIdentity` ran. */
  identityOf(context: object): RequestIdentity | undefined;
  /** `useIdentity`: verifies each request's token and purpose (`useCityGovernance` installs it). */
  readonly identityPlugin: Plugin;
  /** `useGovernance`: the request's policies (`useCityGovernance` installs it after the audit). */
  readonly policyPlugin: Plugin;
  /** The governed city schema for a stitched schema (memoized per schema, so hot swaps re-govern). */
  schemaFor(citySchema: GraphQLSchema, manifests: readonly ConnectorManifest[]): GraphQLSchema;
  close(): Promise<void>;
}

/**
 * Creates the gateway's governance: identity verification, the governed city schema (row
 * and column policies, masking, no filter oracle, agreement API) and the per-request
 * plugins. Throws a `TypeError` naming the option when neither `agreements` nor
 * `databaseUrl` is given, or when the identity options are invalid.
 *
 * ```ts
 * const governance = createHubGovernance({ ...resolveGovernanceConfig(process.env, dataDir) });
 * createYoga({ schema: () => governance.schemaFor(registry.schema, manifests), plugins: [useCityGovernance({ governance })] });
 * ```
 */
export function createHubGovernance(options: HubGovernanceOptions): HubGovernance {
  const verifier = isVerifier(options.identity) ? options.identity : createIdentityVerifier(options.identity);
  let close = async () => {};
  let agreements = options.agreements;
  if (!agreements) {
    if (typeof options.databaseUrl !== 'string' || options.databaseUrl === '') {
      throw new TypeError(`governance needs agreements or a databaseUrl, received databaseUrl ${JSON.stringify(options.databaseUrl)}`);
    }
    const database = openSqlDatabase(options.databaseUrl);
    const store = createAgreementStore({ db: database.db, ...(options.now ? { now: options.now } : {}) });
    // The hub reads the agreements in force on every request: from memory, cleared by every change.
    const logger = options.logger ?? { warn: (message: string) => console.warn(`cityhub: ${message}`) };
    const cached = cacheAgreements({ store, dialect: database.dialect, databaseUrl: options.databaseUrl, warn: (message) => logger.warn(message), ...(options.now ? { now: options.now } : {}) });
    agreements = lazily(store, cached, logger);
    close = async () => {
      await (await cached.catch(() => undefined))?.close();
      await database.db.destroy();
    };
  }
  const identities = new WeakMap<Request, RequestIdentity>();
  const denials = new WeakMap<Request, RequestDenial>();
  const governed = new WeakMap<GraphQLSchema, { schema: GraphQLSchema; catalogue: GovernanceCatalogue }>();
  let current: GovernanceCatalogue = new Map();
  const store = agreements;
  const identityPlugin = useIdentity({ verifier, identities, denials, ...(options.graphqlPath ? { graphqlPath: options.graphqlPath } : {}) });
  const policyPlugin = useGovernance({ identities, catalogue: () => current, agreements: store, ...(options.now ? { now: options.now } : {}) });
  return {
    verifier,
    agreements: store,
    denials,
    identityOf: (context) => {
      const request = context instanceof Request ? context : (context as { request?: Request }).request;
      return (request ? identities.get(request) : undefined) ?? (context as { [CONNECTION_IDENTITY]?: RequestIdentity })[CONNECTION_IDENTITY];
    },
    identityPlugin,
    policyPlugin,
    schemaFor(citySchema, manifests) {
      let entry = governed.get(citySchema);
      if (!entry) {
        const catalogue = buildGovernanceCatalogue(manifests);
        entry = { schema: addAgreementsApi(governCitySchema(citySchema, catalogue), store), catalogue };
        governed.set(citySchema, entry);
      }
      current = entry.catalogue;
      return entry.schema;
    },
    close: () => close(),
  };
}

// Private: the store whose hot read goes through the cache once it is ready (its first check
// and, on PostgreSQL, its LISTEN connection); until then, and if it cannot start, straight to the store.
function lazily(store: AgreementStore, cached: Promise<CachedAgreementStore>, logger: Pick<Logger, 'warn'>): AgreementStore {
  let ready: CachedAgreementStore | undefined;
  cached.then(
    (value) => (ready = value),
    (error: unknown) => logger.warn(`agreements are read from the store on every request: the cache could not start (${(error as Error).message})`),
  );
  return { ...store, list: (filters) => (ready ?? store).list(filters) };
}

function isVerifier(value: unknown): value is IdentityVerifier {
  return typeof (value as IdentityVerifier)?.authenticate === 'function' && typeof (value as IdentityVerifier)?.verify === 'function';
}
