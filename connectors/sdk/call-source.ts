import { ConnectorError, UpstreamTimeoutError } from '../../schema/index.ts';

/**
 * Runs one call to a legacy system under the connector's timeout and turns every failure
 * into a {@link ConnectorError} with a stable code:
 * - the timeout elapsed → `UPSTREAM_TIMEOUT`;
 * - a `ConnectorError` thrown by the kind → as it is;
 * - anything else (refused connection, driver error) → `UPSTREAM_UNAVAILABLE`.
 *
 * The original error is kept as the cause, for the logs; clients see the connector id and
 * the code.
 */
export async function callSource<T>(
  connectorId: string,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  // Some clients ignore the signal; the race makes sure no request waits past the timeout.
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamTimeoutError(connectorId, timeoutMs)), timeoutMs + 50);
  });
  try {
    return await Promise.race([call(signal), timedOut]);
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
    if (typeof code === 'string') return code;
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (typeof cause?.code === 'string') return cause.code;
    if (error instanceof Error) return error.name;
  }
  return 'unknown error';
}
