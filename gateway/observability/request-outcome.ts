/** How a GraphQL request ended, as metrics, logs and traces report it. */
export type RequestOutcome = 'ok' | 'error' | 'denied';

/** Error codes that mean governance refused. */
const DENIAL_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/**
 * The outcome of a request from the errors of its result: `ok` without errors, `denied` when
 * one says governance refused (a withheld field, a missing token), `error` otherwise.
 *
 * ```ts
 * outcomeOfErrors([]); // 'ok'
 * ```
 */
export function outcomeOfErrors(errors: readonly unknown[]): RequestOutcome {
  if (errors.length === 0) return 'ok';
  const denied = errors.some((error) => {
    const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    return typeof code === 'string' && DENIAL_CODES.has(code);
  });
  return denied ? 'denied' : 'error';
}

/** Names longer than this are reported as {@link OTHER_OPERATION}. */
export const MAX_OPERATION_LABEL_LENGTH = 64;
/** Distinct operation names one hub reports before it reports the rest as {@link OTHER_OPERATION}. */
export const MAX_OPERATION_LABELS = 256;
/** What an unnamed operation is reported as. */
export const ANONYMOUS_OPERATION = 'anonymous';
/** What an operation name not reported as itself is reported as. */
export const OTHER_OPERATION = 'other';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * Creates the mapping from a client's operation name to the name reported in metric labels,
 * log lines and span attributes: the name itself when it is a GraphQL Name of at most 64
 * characters among the first 256 distinct ones, `anonymous` when there is none, `other`
 * otherwise (an `operationName` parameter is the client's raw text, and every distinct label
 * is a series Prometheus keeps).
 *
 * ```ts
 * const label = operationLabel();
 * label('HistoricBuildingAlarms'); // 'HistoricBuildingAlarms'
 * label('13812345678');            // 'other'
 * ```
 */
export function operationLabel(): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (name === undefined || name === null || name === '') return ANONYMOUS_OPERATION;
    if (name.length > MAX_OPERATION_LABEL_LENGTH || !GRAPHQL_NAME.test(name)) return OTHER_OPERATION;
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return OTHER_OPERATION;
    seen.add(name);
    return name;
  };
}
