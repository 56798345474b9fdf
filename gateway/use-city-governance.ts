import type { Plugin } from 'graphql-yoga';
import type { ConnectorManifest } from '../connectors/index.ts';
import type { AuditLog } from '../governance/index.ts';
import { useAudit } from './audit/use-audit.ts';
import type { HubGovernance } from './governance/create-hub-governance.ts';
import { useRequestRecord } from './governance/request-record.ts';

/** Options of {@link useCityGovernance}. */
export interface CityGovernanceOptions {
  /** Identity, policies and agreements (`createHubGovernance`). @default ungoverned: every caller anonymous, no policy */
  readonly governance?: HubGovernance;
  /** The audit log every operation touching catalogued data is appended to, and the manifests it reads catalogues from. @default no audit */
  readonly audit?: {
    readonly log: AuditLog;
    readonly manifests: () => readonly ConnectorManifest[];
    /** The request id of each request's entries (`AuditPluginOptions.requestIdOf`). @default a fresh UUID per operation */
    readonly requestIdOf?: (request: Request) => string;
  };
  /**
   * Plugins that observe every request (metrics, the request log), installed after the audit
   * and before identity: they see a refusal by identity (its `onRequest` ends the response
   * before later plugins' `onRequest`) and the result as the audit left it. @default none
   */
  readonly observers?: readonly Plugin[];
}

/**
 * Installs the gateway's governance and audit as one plugin, each part in its order
 * (yoga's `onPluginInit({ addPlugin })`), so that no plugin depends on where a caller
 * puts it in an array:
 *
 * 1. the request record (`useRequestRecord`): the per-request record of what was read and
 *    decided, which the governed resolvers fill as they resolve;
 * 2. the audit (`useAudit`), whose `onRequest` notes when the request arrived, whose
 *    `onExecute` runs even when governance refuses the operation, and whose `onExecuteDone`
 *    reads the record once governance has finished (governance finishes inside execution);
 * 3. the `observers` (metrics, the request log);
 * 4. identity (`useIdentity`): the token and the purpose, before anything is parsed;
 * 5. the policies (`useGovernance`).
 *
 * Without `governance` the audit alone is installed (callers are anonymous); without `audit`
 * only the record and governance.
 *
 * ```ts
 * createYoga({ plugins: [useCityGovernance({ governance, audit: { log, manifests } })] });
 * ```
 */
export function useCityGovernance(options: CityGovernanceOptions): Plugin {
  const { governance, audit } = options;
  if (governance !== undefined && (typeof governance.identityPlugin !== 'object' || typeof governance.policyPlugin !== 'object')) {
    throw new TypeError(`governance must be a HubGovernance (createHubGovernance), received ${String(governance)}`);
  }
  const parts: Plugin[] = [useRequestRecord()];
  if (audit) {
    parts.push(
      useAudit({
        log: audit.log,
        manifests: audit.manifests,
        ...(audit.requestIdOf ? { requestIdOf: audit.requestIdOf } : {}),
        ...(governance ? { denials: governance.denials, identityOf: governance.identityOf } : {}),
      }),
    );
  }
  parts.push(...(options.observers ?? []));
  if (governance) parts.push(governance.identityPlugin, governance.policyPlugin);
  return {
    onPluginInit({ addPlugin }) {
      for (const part of parts) addPlugin(part);
    },
  };
}
