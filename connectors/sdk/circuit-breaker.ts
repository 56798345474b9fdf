import { ConnectorError } from '../../schema/index.ts';

/** The states of a {@link CircuitBreaker}. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Options of {@link createCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** The connector the breaker guards, named in its errors. */
  readonly connectorId: string;
  /** Consecutive failed calls that open the breaker. @default 5 */
  readonly failureThreshold?: number;
  /** How long an open breaker fails fast before it lets one probe call through, in milliseconds. @default 10000 */
  readonly openMs?: number;
  /** The clock. @default Date.now */
  readonly now?: () => number;
  /**
   * Called with the new state each time the breaker moves (closed → open, open → half-open
   * when a probe call is let through, half-open → closed or open), for metrics. @default none
   */
  readonly onStateChange?: (state: CircuitState) => void;
}

/** What `/readyz` shows of a breaker. */
export interface CircuitBreakerReport {
  readonly state: CircuitState;
  /** Consecutive failures counted so far (reset by a success). */
  readonly failures: number;
  /** When an open breaker lets its next probe through (ISO 8601), while open. */
  readonly retryAt?: string;
}

/**
 * A per-connector circuit breaker: after `failureThreshold` consecutive failed calls it opens
 * and every call fails fast with `UPSTREAM_UNAVAILABLE` (saying the breaker is open) without
 * reaching the legacy system; after `openMs` it lets exactly one call through (half-open): a
 * success closes it, a failure opens it again for another `openMs`.
 */
export interface CircuitBreaker {
  /** Runs `call` unless the breaker is open; counts its outcome (`isFailure` decides which errors count). */
  run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T>;
  /**
   * Runs a health probe whatever the state: a success closes the breaker (the system is
   * back), a failure counts nothing, so a system still starting cannot open it.
   */
  probe<T>(call: () => Promise<T>): Promise<T>;
  report(): CircuitBreakerReport;
}

/** Default consecutive failures that open a connector's breaker. */
export const DEFAULT_FAILURE_THRESHOLD = 5;
/** Default time an open breaker fails fast, in milliseconds. */
export const DEFAULT_OPEN_MS = 10_000;

/**
 * Creates a circuit breaker for one connector. A small state machine rather than a library
 * such as opossum: the SDK already owns the timeout and the classification of failures
 * ({@link callSource}), the state must be readable synchronously for `/readyz`, and the
 * half-open probe is decided by the clock on the next call, so no timer is left running.
 *
 * ```ts
 * const breaker = createCircuitBreaker({ connectorId: 'grids' });
 * await breaker.run(() => adapter.find(query), (error) => isUnavailable(error));
 * ```
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const threshold = positiveInteger('failureThreshold', options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD);
  const openMs = positiveInteger('openMs', options.openMs ?? DEFAULT_OPEN_MS);
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  // Private: whether the one half-open probe is in flight (others keep failing fast meanwhile).
  let probing = false;

  const moveTo = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  };
  const open = () => {
    openedAt = now();
    moveTo('open');
  };

  return {
    async run(call, isFailure) {
      if (state === 'open' && now() - openedAt >= openMs) moveTo('half-open');
      if (state === 'open' || (state === 'half-open' && probing)) {
        const retryInMs = Math.max(0, openMs - (now() - openedAt));
        throw new ConnectorError(
          options.connectorId,
          `the circuit breaker is open after ${failures} consecutive failures; the legacy system is not called for ${retryInMs} ms`,
          'UPSTREAM_UNAVAILABLE',
          { extensions: { breaker: 'open', retryInMs } },
        );
      }
      const probe = state === 'half-open';
      if (probe) probing = true;
      try {
        const result = await call();
        failures = 0;
        moveTo('closed');
        return result;
      } catch (error) {
        if (isFailure(error)) {
          failures += 1;
          if (probe || failures >= threshold) open();
        } else if (probe) {
          // The system answered (with something else wrong): it is reachable again.
          failures = 0;
          moveTo('closed');
        }
        throw error;
      } finally {
        if (probe) probing = false;
      }
    },
    async probe(call) {
      const result = await call();
      failures = 0;
      moveTo('closed');
      return result;
    },
    report() {
      if (state === 'open' && now() - openedAt >= openMs) return { state: 'half-open', failures };
      return state === 'open' ? { state, failures, retryAt: new Date(openedAt + openMs).toISOString() } : { state, failures };
    },
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, received ${value}`);
  return value;
}
