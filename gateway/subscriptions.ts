import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Options of {@link useSubscriptionShutdown}. */
export interface SubscriptionShutdownOptions {
  /** Aborted when the hub shuts down: every open subscription then completes. */
  readonly signal: AbortSignal;
}

/**
 * Completes every open subscription (SSE stream) when `signal` aborts, so the HTTP server
 * can drain and close: a subscription never finishes on its own, and a connection still
 * streaming would hold the server open forever. New subscriptions after the abort complete
 * at once.
 *
 * ```ts
 * const shutdown = new AbortController();
 * createYoga({ schema, plugins: [useSubscriptionShutdown({ signal: shutdown.signal })] });
 * // on close: shutdown.abort(); then close the server.
 * ```
 */
export function useSubscriptionShutdown(options: SubscriptionShutdownOptions): Plugin {
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(endOnAbort(result, options.signal));
        },
      };
    },
  };
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

// Private: races each `next` with the signal; on abort the source is told to stop (its
// `return`, not awaited: it may be parked on a read that never resolves) and we report done.
function endOnAbort(source: AsyncIterable<ExecutionResult>, signal: AbortSignal): AsyncIterableIterator<ExecutionResult> {
  const inner = source[Symbol.asyncIterator]();
  const aborted = new Promise<IteratorResult<ExecutionResult>>((resolve) => {
    const stop = () => {
      void inner.return?.()?.catch(() => undefined);
      resolve({ value: undefined, done: true });
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: () => (signal.aborted ? aborted : Promise.race([inner.next(), aborted])),
    return: async () => {
      await inner.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
