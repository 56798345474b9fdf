import type { Plugin } from 'graphql-yoga';
import type { AgreementStore, Principal } from '../../governance/index.ts';
import type { Logger } from '../logger.ts';
import { createPrincipalLimiter, type PrincipalLimiter } from '../rate-limit/principal-limiter.ts';
import { useRateLimit } from '../rate-limit/use-rate-limit.ts';
import { useOpenStreamPolicy } from '../streams/use-open-stream-policy.ts';
import { loadTrustedDocuments, useTrustedDocuments } from '../trusted-documents/use-trusted-documents.ts';
import { DEFAULT_EDGE_CONFIG, type EdgeConfig } from './edge-config.ts';
import type { ListSizeOf } from './list-sizes.ts';
import { useOperationLimits } from './use-operation-limits.ts';
import { corsFromAllowList, useRequestGuards } from './use-request-guards.ts';
import { createWsGuard, type WsGuard } from './ws-guard.ts';

/** Options of {@link createEdgeProtection}. */
export interface EdgeProtectionOptions {
  /** The settings (`resolveEdgeConfig` reads them from the environment), over {@link DEFAULT_EDGE_CONFIG}. @default DEFAULT_EDGE_CONFIG */
  readonly config?: Partial<EdgeConfig>;
  /** The principal of a request or operation context; `undefined` when governance is off. */
  readonly principalOf: (context: object) => Principal | undefined;
  /** The expected size of each list field (`listSizesOf` the manifests). */
  readonly listSizeOf: ListSizeOf;
  /** With governance: the agreements open subscriptions are re-checked against. */
  readonly agreements?: AgreementStore;
  /** The GraphQL endpoint. @default '/graphql' */
  readonly graphqlPath?: string;
  readonly logger?: Logger;
}

/** The hub's protection against hostile clients: its plugins, yoga's `cors` and the WebSocket guard. */
export interface EdgeProtection {
  readonly config: EdgeConfig;
  readonly limiter: PrincipalLimiter;
  /** Body limit and CSRF, rate limit and subscription cap, trusted documents, operation limits, open-stream policy; after governance's plugins. */
  readonly plugins: readonly Plugin[];
  /** Yoga's `cors` option: the allow-list. */
  readonly cors: ReturnType<typeof corsFromAllowList>;
  readonly ws: WsGuard;
  /** Closes the Redis connection, when there is one. */
  dispose(): Promise<void>;
}

/**
 * Assembles the edge protection from its settings: connects the per-principal limiter (in
 * memory, or Redis at `config.redisUrl`) and builds each plugin. Every refusal is a
 * `LimitError` (or a `GovernanceError` for open streams) with a stable `extensions.code`.
 *
 * ```ts
 * const edge = await createEdgeProtection({ config: resolveEdgeConfig(process.env), principalOf, listSizeOf });
 * createYoga({ cors: edge.cors, plugins: [useCityGovernance({ governance }), ...edge.plugins] });
 * ```
 */
export async function createEdgeProtection(options: EdgeProtectionOptions): Promise<EdgeProtection> {
  const config: EdgeConfig = { ...DEFAULT_EDGE_CONFIG, ...options.config };
  const limiter = await createPrincipalLimiter({
    limits: config.rate,
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
    ...(config.redisKeyPrefix ? { keyPrefix: config.redisKeyPrefix } : {}),
  });
  const { principalOf } = options;
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const logger = options.logger ? { logger: options.logger } : {};
  const plugins: Plugin[] = [
    useRequestGuards({ maxBodyBytes: config.maxBodyBytes, graphqlPath }),
    useRateLimit({ limiter, principalOf, graphqlPath, ...logger }),
    useTrustedDocuments({
      documents: loadTrustedDocuments(config.trustedDocumentsDir ? [undefined, config.trustedDocumentsDir] : undefined),
      roles: config.trustedDocumentRoles,
      principalOf,
    }),
    useOperationLimits({ limits: config.limits, roleLimits: config.roleLimits, introspection: config.introspection, principalOf, listSizeOf: options.listSizeOf }),
    ...(options.agreements ? [useOpenStreamPolicy({ agreements: options.agreements, ...logger })] : []),
  ];
  return {
    config,
    limiter,
    plugins,
    cors: corsFromAllowList(config.corsOrigins),
    ws: createWsGuard({ limiter, introspection: config.introspection, ...logger }),
    dispose: () => limiter.dispose(),
  };
}
