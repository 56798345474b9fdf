/** A push-driven async stream: the producer pushes, one consumer iterates. */
export interface RowStream<T> extends AsyncIterable<T> {
  /** Queues a value for the consumer (dropped once the stream has ended). */
  push(value: T): void;
  /** Ends the stream: the consumer receives what is queued, then `done`. */
  end(): void;
}

/** Options of {@link createRowStream}. */
export interface RowStreamOptions {
  /** Called once when the stream ends, whoever ended it (the consumer or the producer). */
  readonly onEnd?: () => void;
  /**
   * Most values kept for a slow consumer; beyond it the oldest are dropped, so a stalled
   * subscriber cannot grow the gateway's memory without bound. @default 1000
   */
  readonly maxQueued?: number;
}

/**
 * Creates a {@link RowStream}. The consumer's `return()` (a GraphQL client unsubscribing)
 * ends it and calls `onEnd`, so producers can forget the subscriber.
 *
 * ```ts
 * const stream = createRowStream<Row>({ onEnd: () => subscribers.delete(stream) });
 * subscribers.add(stream);
 * ```
 */
export function createRowStream<T>(options: RowStreamOptions = {}): RowStream<T> {
  const maxQueued = options.maxQueued ?? 1000;
  if (!Number.isInteger(maxQueued) || maxQueued < 1) throw new TypeError(`maxQueued must be a positive integer, received ${maxQueued}`);
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    options.onEnd?.();
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      queue.length = 0;
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    push(value) {
      if (ended) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
        return;
      }
      queue.push(value);
      if (queue.length > maxQueued) queue.shift();
    },
    end,
    [Symbol.asyncIterator]: () => iterator,
  };
}
