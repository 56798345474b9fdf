import { decodeJwt } from 'jose';
import { getNamedType, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isGovernmentPrincipal, type AgreementStore } from '../../governance/index.ts';
import { GovernanceError } from '../../schema/index.ts';
import { requestGovernanceOf, type RequestGovernance } from '../governance/request-governance.ts';
import { WS_EXPIRED, WS_EXPIRED_REASON } from '../limits/ws-guard.ts';
import type { Logger } from '../logger.ts';

/** Close code of a WebSocket whose subscription lost the agreement it was opened under. */
export const WS_AGREEMENT_REVOKED = 4403;

/** Options of {@link useOpenStreamPolicy}. */
export interface OpenStreamPolicyOptions {
  /** Where agreements are read again before every event. */
  readonly agreements: AgreementStore;
  /** The clock expiries are compared with. @default () => new Date() */
  readonly now?: () => Date;
  readonly logger?: Logger;
}

/**
 * Keeps open subscriptions (SSE and WebSocket) within the policy in force, not the policy
 * at their opening:
 *
 * - at open, refuses (`FORBIDDEN`) a subscription `within` a jurisdiction that does not
 *   overlap the caller's, and one selecting a field the caller may not read at all (a
 *   masked field is served masked), instead of accepting it and keeping it silent;
 * - before every event, reads the caller's agreements again: when one in force at the
 *   opening was revoked or expired, the event is not delivered and the stream ends
 *   (`FORBIDDEN`; a WebSocket closes with {@link WS_AGREEMENT_REVOKED}, 4403);
 * - when the token's `exp` passes, the stream ends at once, event or not (`UNAUTHENTICATED`;
 *   a WebSocket closes with {@link WS_EXPIRED}, 4401).
 *
 * Runs after `useGovernance`, whose request governance it reads.
 *
 * ```ts
 * plugins: [useCityGovernance({ governance }), useOpenStreamPolicy({ agreements: governance.agreements })]
 * ```
 */
export function useOpenStreamPolicy(options: OpenStreamPolicyOptions): Plugin {
  const now = options.now ?? (() => new Date());
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const governance = requestGovernanceOf(args.contextValue);
      if (!governance) return;
      const refusal = openingRefusal(governance, args.schema, args.document, args.variableValues ?? {}, args.operationName ?? undefined);
      if (refusal) {
        setResultAndStopExecution({ errors: [refusal] });
        return;
      }
      const context = args.contextValue as StreamContext;
      const expiresAt = tokenExpiry(context);
      const opened = new Set(governance.agreements.map((agreement) => agreement.id));
      const { principal, purpose } = governance;
      const lost = async (): Promise<string | undefined> => {
        if (opened.size === 0 || !isGovernmentPrincipal(principal) || purpose === null) return undefined;
        const current = new Set((await options.agreements.list({ requesterDepartment: principal.department, purpose, status: 'approved' })).map((agreement) => agreement.id));
        return [...opened].find((id) => !current.has(id));
      };
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isStream(result)) return;
          setResult(guardStream(result, { expiresAt, now, lost, socket: context.socket, ...(options.logger ? { logger: options.logger } : {}) }));
        },
      };
    },
  };
}

// Private: what an operation context carries to find its token and socket.
interface StreamContext {
  readonly request?: Request;
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly socket?: { close(code: number, reason: string): void };
}

function tokenExpiry(context: StreamContext): Date | undefined {
  const header = context.request?.headers.get('authorization') ?? connectionAuthorization(context.connectionParams);
  const token = header ? /^Bearer[ \t]+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (!token) return undefined;
  // The token was verified when the request or connection was accepted; only `exp` is read here.
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
}

function connectionAuthorization(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  const key = Object.keys(params).find((name) => name.toLowerCase() === 'authorization');
  const value = key === undefined ? undefined : params[key];
  return typeof value === 'string' ? value : undefined;
}

function isStream(result: unknown): result is AsyncIterable<ExecutionResult> {
  return typeof result === 'object' && result !== null && Symbol.asyncIterator in result;
}

interface GuardOptions {
  readonly expiresAt: Date | undefined;
  readonly now: () => Date;
  readonly lost: () => Promise<string | undefined>;
  readonly socket: StreamContext['socket'];
  readonly logger?: Logger;
}

// Private: the stream, ended at the token's expiry or at the first event after a lost agreement.
function guardStream(source: AsyncIterable<ExecutionResult>, options: GuardOptions): AsyncIterableIterator<ExecutionResult> {
  const inner = source[Symbol.asyncIterator]();
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    if (!options.expiresAt) return;
    // setTimeout holds at most ~24.8 days; a token valid longer is checked again then.
    const arm = () => {
      const wait = options.expiresAt!.getTime() - options.now().getTime();
      if (wait <= 0) resolve('expired');
      else timer = setTimeout(arm, Math.min(wait, 2 ** 31 - 1));
    };
    arm();
  });
  const end = async (error: GovernanceError, closeCode: number, closeReason = error.message): Promise<IteratorResult<ExecutionResult>> => {
    ended = true;
    clearTimeout(timer);
    void Promise.resolve(inner.return?.()).catch((failure: unknown) => options.logger?.error('ending a subscription stream failed', failure));
    if (options.socket) {
      // A close reason holds at most 123 bytes.
      options.socket.close(closeCode, closeReason.slice(0, 120));
      return { value: undefined, done: true };
    }
    return { value: { errors: [error] }, done: false };
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (ended) return { value: undefined, done: true };
      const next = await Promise.race([inner.next(), expired]);
      if (next === 'expired') return end(new GovernanceError('the token expired while the subscription was open; subscribe again with a fresh token', 'UNAUTHENTICATED'), WS_EXPIRED, WS_EXPIRED_REASON);
      if (next.done) {
        clearTimeout(timer);
        return next;
      }
      const revoked = await options.lost();
      if (revoked) return end(new GovernanceError(`agreement ${revoked}, under which this subscription was opened, is no longer in force; the subscription ended`, 'FORBIDDEN', { extensions: { agreementId: revoked } }), WS_AGREEMENT_REVOKED);
      return next;
    },
    async return() {
      ended = true;
      clearTimeout(timer);
      await inner.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

// Private: the refusal of a subscription the caller could never receive in full.
function openingRefusal(
  governance: RequestGovernance,
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): GovernanceError | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || definition.name?.value === operationName),
  );
  const subscriptionType = schema.getSubscriptionType();
  if (!operation || operation.operation !== 'subscription' || !subscriptionType) return undefined;
  const { principal } = governance;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = subscriptionType.getFields()[selection.name.value];
    if (!field) continue;
    const within = argumentValue(selection.arguments?.find((argument) => argument.name.value === 'within')?.value, variables);
    if (typeof within === 'string' && principal.jurisdictions.length > 0 && !principal.jurisdictions.some((code) => within.startsWith(code) || code.startsWith(within))) {
      return new GovernanceError(
        `${selection.name.value}(within: "${within}") lies outside your jurisdictions (${principal.jurisdictions.join(', ')}): no event of it could reach you`,
        'FORBIDDEN',
        { extensions: { field: `${subscriptionType.name}.${selection.name.value}`, reason: 'jurisdiction' } },
      );
    }
    const typeName = getNamedType(field.type).name;
    const governed = governance.catalogue.get(typeName);
    if (!governed || !selection.selectionSet) continue;
    // Links to other types (`street`) are governed on their own rows; only catalogued columns are decided here.
    for (const fieldName of selectedFields(selection.selectionSet, document).filter((name) => Object.hasOwn(governed.type.fields, name))) {
      const decision = governance.decide(typeName, fieldName);
      if (decision.effect === 'deny') {
        return new GovernanceError(`the subscription selects ${typeName}.${fieldName}, which you may not read: ${decision.message}`, 'FORBIDDEN', {
          extensions: { field: `${typeName}.${fieldName}`, reason: decision.reason },
        });
      }
    }
  }
  return undefined;
}

function argumentValue(value: import('graphql').ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!value) return undefined;
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.STRING) return value.value;
  return undefined;
}

// Private: the fields selected directly on the event type, through fragments.
function selectedFields(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) names.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      names.push(...selectedFields(selection.selectionSet, document, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value);
      if (fragment && fragment.kind === Kind.FRAGMENT_DEFINITION) names.push(...selectedFields(fragment.selectionSet, document, seen));
    }
  }
  return names;
}
