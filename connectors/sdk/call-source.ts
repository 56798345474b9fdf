import { ConnectorError, UpstreamTimeoutError } from '../../schema/index.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';

/** Options of {@link callSource}. */
export interface CallSourceOptions {
  /** The connector's circuit breaker: an open one fails the call fast, without calling the system. @default none */
  readonly breaker?: CircuitBreaker;
  /** The call is a health probe: it always reaches the system, and a success closes the breaker. @default false */
  readonly probe?: boolean;
}

/**
 * Runs one call to a legacy system under the connector's timeout and turns every failure
 * into a {@link ConnectorError} with a stable code:
 * - the timeout elapsed → `UPSTREAM_TIMEOUT`, also when the call blocked the event loop
 *   past it (a synchronous driver) and came back late with its rows: they are dropped;
 * - a `ConnectorError` thrown by the kind → as it is;
 * - anything else (refused connection, driver error) → `UPSTREAM_UNAVAILABLE`.
 *
 * With a `breaker`, timeouts and unavailability count as failures; an open breaker answers
 * `UPSTREAM_UNAVAILABLE` at once.
 *
 * The original error is kept as the cause, for the logs; clients see the connector id and
 * the code.
 */
export async function callSource<T>(
  connectorId: string,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
  options: CallSourceOptions = {},
): Promise<T> {
  const guarded = () => callWithTimeout(connectorId, timeoutMs, call);
  if (!options.breaker) return guarded();
  return options.probe ? options.breaker.probe(guarded) : options.breaker.run(guarded, countsAsFailure);
}

/** Whether a failed call says the system is down or slow (what trips a circuit breaker). */
function countsAsFailure(error: unknown): boolean {
  return error instanceof ConnectorError && (error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_UNAVAILABLE');
}

async function callWithTimeout<T>(connectorId: string, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const started = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  // Some clients ignore the signal; the race makes sure no request waits past the timeout.
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamTimeoutError(connectorId, timeoutMs)), timeoutMs + 50);
  });
  const calling = (async () => call(signal))();
  // A call that loses the race to the timeout may still fail later (its worker stopped, its
  // socket closed): the caller was already given the timeout, so that late failure is moot.
  calling.catch(() => undefined);
  try {
    const result = await Promise.race([calling, timedOut]);
    // A synchronous driver (better-sqlite3) blocks the event loop, so neither the signal nor
    // the timer can fire while it runs: the deadline is checked once more when it returns.
    if (Date.now() - started > timeoutMs) throw new UpstreamTimeoutError(connectorId, timeoutMs, { extensions: { late: true } });
    return result;
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (signal.aborted) throw new UpstreamTimeoutError(connectorId, timeoutMs, { cause: error });
    throw new ConnectorError(connectorId, `the legacy system is unavailable (${describe(error)})`, 'UPSTREAM_UNAVAILABLE', {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** A short, secret-free description of a low-level failure (its code, or its class). */
function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) return code;
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (typeof cause?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(cause.code)) return cause.code;
    if (error instanceof Error) return error.name;
  }
  return 'unknown error';
}
