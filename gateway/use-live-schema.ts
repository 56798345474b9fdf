import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ConnectorRegistry, SchemaLease } from './registry.ts';

/** Options of {@link useLiveSchema}. */
export interface LiveSchemaOptions {
  /** The live registry whose current generation each operation leases. */
  readonly registry: Pick<ConnectorRegistry, 'lease'>;
  /** The schema served for the registry's current city schema (governed, with the APIs added). */
  readonly schema: (context: unknown) => GraphQLSchema;
}

// Private: where an operation's context carries its lease (a symbol survives context copies).
const LEASE: unique symbol = Symbol.for('cityhub.schemaLease');

/**
 * Serves each operation on the registry's current schema generation, and holds that
 * generation (a {@link SchemaLease}) until the operation is over, so that a hot swap never
 * closes a connector under a running request. The schema is chosen per operation by
 * `onEnveloped` rather than yoga's `schema` factory, which only works for HTTP requests:
 * WebSocket operations are enveloped without one.
 *
 * The lease ends when the operation's result is complete (a stream's last event), when it
 * fails to parse or validate, or when the HTTP response closes, whichever comes first; an
 * operation that ends any other way is covered by the registry's `drainTimeoutMs`.
 *
 * ```ts
 * createYoga({ plugins: [useLiveSchema({ registry, schema: () => governance.schemaFor(registry.schema, manifests()) })] });
 * ```
 */
export function useLiveSchema(options: LiveSchemaOptions): Plugin {
  const release = (context: unknown) => (context as { [LEASE]?: SchemaLease } | undefined)?.[LEASE]?.release();
  const releaseWhenDone = (context: unknown, result: unknown) => {
    if (isAsyncIterable(result)) return { onEnd: () => release(context) };
    release(context);
    return undefined;
  };
  return {
    onEnveloped({ context, setSchema }) {
      const lease = options.registry.lease();
      // Chosen in the same tick as the lease, so both name one generation.
      setSchema(options.schema(context));
      if (context) {
        (context as { [LEASE]?: SchemaLease })[LEASE] = lease;
        const response = (context as { res?: { once?: (event: string, listener: () => void) => unknown } }).res;
        if (typeof response?.once === 'function') response.once('close', () => lease.release());
      }
    },
    onParse: ({ context }) => ({ result }) => {
      if (result instanceof Error) release(context);
    },
    onValidate: ({ context }) => ({ valid }) => {
      if (!valid) release(context);
    },
    onExecute: ({ args }) => ({ onExecuteDone: ({ result }) => releaseWhenDone(args.contextValue, result) }),
    onSubscribe: ({ args }) => ({ onSubscribeResult: ({ result }) => releaseWhenDone(args.contextValue, result) }),
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}
