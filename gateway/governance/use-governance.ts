import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mapAsyncIterator } from '@graphql-tools/utils';
import { isGovernmentPrincipal, type AgreementStore } from '../../governance/index.ts';
import { SOURCE_SCOPE } from '../../connectors/sdk/source-scope.ts';
import { GovernanceError } from '../../schema/index.ts';
import { addJurisdictionSelections, selectsCataloguedData, stripJurisdictionSelections } from './add-jurisdiction-selections.ts';
import type { GovernanceCatalogue } from './governance-catalogue.ts';
import { createRequestGovernance, isAuditor, policyNotice, REQUEST_GOVERNANCE, requestGovernanceOf, type RequestGovernance } from './request-governance.ts';
import type { RequestIdentity } from './use-identity.ts';
import { requestRecordOf } from './request-record.ts';
import { fieldsReadOf } from './selection-plan.ts';

/**
 * Where a transport that is not a plain HTTP request (the WebSocket server) puts the
 * {@link RequestIdentity} it verified, on the initial context of each operation: the
 * connection's `connectionParams` checked by the same rules as the HTTP headers.
 */
export const CONNECTION_IDENTITY: unique symbol = Symbol.for('cityhub.connectionIdentity');

/** Options of {@link useGovernance}. */
export interface GovernanceOptions {
  /** The identities `useIdentity` verified, by request. */
  readonly identities: WeakMap<Request, RequestIdentity>;
  /** The current catalogue of the city's types (it follows the registry). */
  readonly catalogue: () => GovernanceCatalogue;
  /** Where agreements are read from, once per request. */
  readonly agreements: AgreementStore;
  /** The clock decisions are made at. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * Applies the governed city schema's policies to each request:
 *
 * - `onContextBuilding`: builds the request's {@link RequestGovernance} from the verified
 *   identity and the agreements in force for the principal's department and purpose (read
 *   on every request, so a revocation takes effect on the next one), and the row scope the
 *   connectors push down into their sources;
 * - `onExecute`: refuses an auditor's operation that selects catalogued city data (`FORBIDDEN`,
 *   nothing executes: auditors read the audit log, not the city), and adds each catalogued
 *   type's jurisdiction and key fields to the operation so the row policy and the audit can
 *   read them on every row;
 * - when execution ends (inside the execute function it sets, so that every plugin's
 *   `onExecuteDone` sees the finished result): strips those selections, reports each
 *   withheld field once (`FORBIDDEN`, {@link isWithheldNotice}), and scrubs masked values
 *   out of error messages;
 * - `onSubscribe`: the same for subscriptions (SSE or WebSocket), on every event (an
 *   auditor's subscription to city data is refused likewise).
 *
 * An operation refused here still notes in the request's record (`requestRecordOf`) the
 * catalogued fields it asked for, since nothing resolves to note them.
 *
 * A request without a verified identity (from `useIdentity`, or under
 * {@link CONNECTION_IDENTITY} for a WebSocket operation) fails closed.
 *
 * ```ts
 * plugins: [useIdentity({ verifier, identities }), useGovernance({ identities, catalogue, agreements })]
 * ```
 */
export function useGovernance(options: GovernanceOptions): Plugin {
  const now = options.now ?? (() => new Date());
  const rewritten = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentNode>>();
  const rewrite = (schema: GraphQLSchema, document: DocumentNode) => {
    let bySchema = rewritten.get(schema);
    if (!bySchema) rewritten.set(schema, (bySchema = new WeakMap()));
    let result = bySchema.get(document);
    if (!result) {
      result = addJurisdictionSelections(schema, document, options.catalogue());
      bySchema.set(document, result);
    }
    return result;
  };
  // Private: what execute and subscribe both do first: rewrite the document (adding the
  // hidden jurisdiction, key and reference selections) and refuse an auditor's read of city
  // data. Returns nothing when the operation was answered here.
  const prepare = (
    args: { schema: GraphQLSchema; document: DocumentNode; contextValue: unknown; operationName?: string | null | undefined },
    stop: (result: { errors: GraphQLError[] }) => void,
  ): { document: DocumentNode; governance: ReturnType<typeof requestGovernanceOf> } | undefined => {
    // Refused here, nothing resolves: the request's record still notes what it asked for.
    const refuse = (error: GraphQLError) => {
      const record = requestRecordOf(args.contextValue);
      if (record) record.readFields(args.document, fieldsReadOf(args.schema, args.document, args.operationName, options.catalogue()));
      stop({ errors: [error] });
      return undefined;
    };
    let document: DocumentNode;
    try {
      document = rewrite(args.schema, args.document);
    } catch (error) {
      if (error instanceof GraphQLError) return refuse(error);
      throw error;
    }
    const governance = requestGovernanceOf(args.contextValue);
    const refusal = auditorRefusal(governance, args.schema, args.document);
    if (refusal) return refuse(refusal);
    return { document, governance };
  };
  return {
    async onContextBuilding({ context, extendContext }) {
      const request = (context as { request?: Request }).request;
      const identity = (request ? options.identities.get(request) : undefined) ?? (context as { [CONNECTION_IDENTITY]?: RequestIdentity })[CONNECTION_IDENTITY];
      if (!identity) throw new GovernanceError('the request carries no verified identity', 'UNAUTHENTICATED');
      const { principal, purpose } = identity;
      const at = now();
      const agreements =
        isGovernmentPrincipal(principal) && purpose !== null
          ? await options.agreements.list({ requesterDepartment: principal.department, purpose, status: 'approved' }).catch((error: unknown) => {
              // The agreements live in the hub's store with the audit log: when it cannot be
              // read, the request can be neither governed nor audited, so it fails closed, saying so.
              throw new GovernanceError('Audit log unavailable: the hub store (agreements, audit log) cannot be read, so the response is withheld.', 'AUDIT_UNAVAILABLE', { cause: error });
            })
          : [];
      const governance = createRequestGovernance({ principal, purpose, catalogue: options.catalogue(), agreements, at });
      extendContext({
        [REQUEST_GOVERNANCE]: governance,
        [SOURCE_SCOPE]: (_connectorId: string, typeName: string) => governance.pushdownScope(typeName),
      } as Record<string, unknown>);
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn, setResultAndStopExecution }) {
      const prepared = prepare(args, setResultAndStopExecution);
      if (!prepared) return;
      const { document, governance } = prepared;
      // Each result and event is finished inside the subscription, so every plugin's hooks
      // (the audit's first) see it as the client will.
      setSubscribeFn(async (subscribeArgs) => {
        const result = await subscribeFn({ ...subscribeArgs, document });
        if (!governance) return result;
        if (isResult(result)) return finishResult(result, governance);
        return mapAsyncIterator(result as AsyncIterable<ExecutionResult>, (event) => finishResult(event, governance));
      });
    },
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const prepared = prepare(args, setResultAndStopExecution);
      if (!prepared) return;
      const { document, governance } = prepared;
      // The result is finished inside execution, so every plugin's `onExecuteDone` (the
      // audit's first) sees it as the client will, whatever the plugins' order.
      setExecuteFn(async (executionArgs) => {
        const result = await executeFn({ ...executionArgs, document });
        return governance && isResult(result) ? finishResult(result, governance) : result;
      });
    },
  };
}

// Private: auditors read the audit log, never the city's data; an operation of theirs that
// selects catalogued data is refused before anything is read.
function auditorRefusal(governance: RequestGovernance | undefined, schema: GraphQLSchema, document: DocumentNode): GovernanceError | undefined {
  if (!governance || !isAuditor(governance.principal) || !selectsCataloguedData(schema, document, governance.catalogue)) return undefined;
  return new GovernanceError("auditors read the audit log, not the city's data: this operation selects catalogued city data", 'FORBIDDEN', { extensions: { reason: 'auditor' } });
}

// Private: the notices `finishResult` added for withheld fields (errors of no resolver).
const withheldNotices = new WeakSet<GraphQLError>();

/**
 * Whether an error is one of the notices governance adds to a result for a withheld field
 * (`FORBIDDEN`, one per field and place): the audit tells them from the errors execution
 * produced.
 *
 * ```ts
 * const produced = (result.errors ?? []).filter((error) => !isWithheldNotice(error));
 * ```
 */
export function isWithheldNotice(error: GraphQLError): boolean {
  return withheldNotices.has(error);
}

function isResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}

// Private: the response as the client may see it.
function finishResult(result: ExecutionResult, governance: RequestGovernance): ExecutionResult {
  stripJurisdictionSelections(result.data);
  const errors = (result.errors ?? []).map((error) => scrubError(error, governance));
  for (const denial of governance.denials.values()) {
    const notice = policyNotice(`${denial.typeName}.${denial.fieldName} was withheld: ${denial.decision.message}`, {
      field: `${denial.typeName}.${denial.fieldName}`,
      reason: denial.decision.reason,
    });
    withheldNotices.add(notice);
    // One notice per place the field was withheld at, each at its response path.
    if (denial.paths.length === 0) errors.push(notice);
    for (const path of denial.paths) {
      const located = new GraphQLError(notice.message, { path, extensions: notice.extensions, originalError: notice });
      withheldNotices.add(located);
      errors.push(located);
    }
  }
  return { ...result, ...(errors.length > 0 ? { errors } : {}) };
}

// Private: an error may quote a value (an upstream type mismatch quotes the value received).
// Values the principal may not read in the clear never leave in a message.
function scrubError(error: GraphQLError, governance: RequestGovernance): GraphQLError {
  let message = error.message;
  const type = error.extensions?.type;
  const field = error.extensions?.field;
  if (typeof type === 'string' && typeof field === 'string' && governance.catalogue.has(type)) {
    if (governance.decide(type, field.includes('.') ? field.slice(field.indexOf('.') + 1) : field).effect !== 'allow') {
      message = message.replace(/received .*$/s, 'received a value withheld by policy').replace(/of row "[^"]*"/, 'of a row');
    }
  }
  for (const [raw, masked] of governance.masked) {
    if (message.includes(raw)) message = message.split(raw).join(masked);
  }
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
