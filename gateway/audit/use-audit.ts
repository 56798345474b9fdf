import { randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { hashAuditOperation, type AuditLog, type AuditOutcome, type AuditSourceAccess, type Principal } from '../../governance/index.ts';
import { GovernanceError } from '../../schema/index.ts';
import type { AuditCatalogue } from './audit-catalogue.ts';
import { collectSourceAccess } from './collect-source-access.ts';

/** Where the governance plugin keeps a request's principal and purpose (`REQUEST_GOVERNANCE`). */
const REQUEST_GOVERNANCE = Symbol.for('cityhub.requestGovernance');

/** Options of {@link useAudit}. */
export interface AuditPluginOptions {
  /** The log every operation that touches catalogued data is appended to. */
  readonly log: AuditLog;
  /** The current catalogues of the connectors (it follows the registry). */
  readonly catalogue: () => AuditCatalogue;
  /** The clock of `occurredAt` and latencies. @default Date.now / performance.now */
  readonly now?: () => Date;
}

/** Error codes that mean governance refused (the entry's outcome is `denied`). */
const DENIAL_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/**
 * Appends ONE audit entry for every operation that touches catalogued data, before its
 * response leaves the gateway: `onExecute` notes the time and the request's principal (from
 * the governance plugin's context; anonymous without one), `onExecuteDone` works out the
 * source systems touched (fields read from the document, rows and personal keys from the
 * result) and awaits `log.append`.
 *
 * **Fail closed**: when the entry cannot be committed, the result is replaced by one
 * `AUDIT_UNAVAILABLE` error and no data. Streamed results are refused the same way, since
 * they cannot be audited before they leave. The entry's request id is returned to the client
 * in `extensions.requestId`.
 *
 * Register it after the governance plugin, so that the denials it adds are recorded.
 *
 * Per-source `latencyMs` is the operation's execution time (an upper bound: sources are
 * called concurrently and are not timed one by one).
 *
 * ```ts
 * createYoga({ plugins: [...governancePlugins, useAudit({ log, catalogue: () => buildAuditCatalogue(manifests) })] });
 * ```
 */
export function useAudit(options: AuditPluginOptions): Plugin {
  if (!options || typeof options.log?.append !== 'function') throw new TypeError(`log must be an AuditLog, received ${String(options?.log)}`);
  if (typeof options.catalogue !== 'function') throw new TypeError(`catalogue must be a function returning the audit catalogue, received ${String(options.catalogue)}`);
  const now = options.now ?? (() => new Date());
  return {
    onExecute({ args }) {
      const occurredAt = now();
      const started = performance.now();
      const governance = (args.contextValue as unknown as Record<symbol, { principal?: Principal; purpose?: string | null } | undefined>)[REQUEST_GOVERNANCE];
      const principal = governance?.principal;
      const purpose = governance?.purpose ?? null;
      return {
        async onExecuteDone({ result, setResult }) {
          if (!isResult(result)) {
            setResult({ errors: [unavailable('a streamed result cannot be audited before it leaves')] });
            return;
          }
          const latencyMs = performance.now() - started;
          const requestId = randomUUID();
          let sources: AuditSourceAccess[];
          let operationHash: string;
          try {
            const touches = collectSourceAccess({
              schema: args.schema,
              document: args.document,
              operationName: args.operationName,
              catalogue: options.catalogue(),
              data: result.data as Record<string, unknown> | null | undefined,
            });
            if (touches.length === 0) return; // no catalogued data touched: nothing to audit
            const errors = result.errors ?? [];
            const outcome = outcomeOf(errors);
            sources = touches.map((touch) => ({
              ...touch,
              rowsFiltered: 0,
              fieldsMasked: [],
              fieldsDenied: deniedFields(errors, touch.fieldsRead),
              conditionalFields: [],
              agreementIds: [],
              outcome: sourceOutcome(errors, touch.system, outcome),
              latencyMs,
            }));
            operationHash = hashAuditOperation({ document: args.document, variables: args.variableValues ?? {} });
            await options.log.append({
              requestId,
              occurredAt,
              principal: principal ? principal.subject : 'anonymous',
              department: principal?.department ? principal.department : null,
              purpose,
              operationName: args.operationName ?? operationNameOf(args.document) ?? null,
              operationHash,
              outcome,
              errorCode: errorCodeOf(errors),
              latencyMs,
              sources,
            });
          } catch (error) {
            setResult({ errors: [error instanceof GovernanceError && error.extensions.code === 'AUDIT_UNAVAILABLE' ? error : unavailable('the audit entry could not be written', error)] });
            return;
          }
          setResult({ ...result, extensions: { ...result.extensions, requestId } });
        },
      };
    },
  };
}

function isResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}

function unavailable(reason: string, cause?: unknown): GovernanceError {
  return new GovernanceError(`Audit log unavailable: ${reason}, so the response is withheld.`, 'AUDIT_UNAVAILABLE', { cause });
}

function codeOf(error: GraphQLError): string | undefined {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

function outcomeOf(errors: readonly GraphQLError[]): AuditOutcome {
  if (errors.length === 0) return 'ok';
  return errors.some((error) => DENIAL_CODES.has(codeOf(error) ?? '')) ? 'denied' : 'error';
}

function errorCodeOf(errors: readonly GraphQLError[]): string | null {
  for (const error of errors) {
    const code = codeOf(error);
    if (code) return code;
  }
  return errors.length > 0 ? 'INTERNAL_SERVER_ERROR' : null;
}

function sourceOutcome(errors: readonly GraphQLError[], system: string, overall: AuditOutcome): AuditOutcome {
  const own = errors.filter((error) => error.extensions?.connector === system);
  if (own.length > 0) return outcomeOf(own);
  return overall === 'denied' ? 'denied' : 'ok';
}

function deniedFields(errors: readonly GraphQLError[], fieldsRead: readonly string[]): string[] {
  const denied = new Set<string>();
  for (const error of errors) {
    const field = error.extensions?.field;
    if (codeOf(error) === 'FORBIDDEN' && typeof field === 'string' && fieldsRead.includes(field)) denied.add(field);
  }
  return [...denied];
}

function operationNameOf(document: import('graphql').DocumentNode): string | undefined {
  const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
  return operations.length === 1 ? operations[0]!.name?.value : undefined;
}
