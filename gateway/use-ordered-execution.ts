import { execute } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Executes queries and mutations with graphql-js's own `execute`, which assembles every
 * object's fields in the order the operation selects them, as the GraphQL specification
 * requires (§ 6.3, "CollectFields": the response's fields are ordered as the query's).
 *
 * yoga's default engine, `@graphql-tools/executor`, is held at 2.0.1 (package.json
 * `overrides`) because its 2.1 line needs `@whatwg-node/promise-helpers` 2 and
 * `@whatwg-node/disposablestack` 0.1, which require Node ≥ 22.15; 2.0.1 assigns a field
 * when its value settles, so a root field that finishes first comes first (`topProducts`
 * before the `users` the query asked for first). Subscriptions keep yoga's engine (graphql-js
 * has no incremental delivery either; the hub serves neither `@defer` nor `@stream`).
 *
 * Install it before the plugins that wrap execution (governance, audit), so they wrap this
 * engine: `createYoga({ plugins: [useOrderedExecution(), …] })`.
 */
export function useOrderedExecution(): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(execute);
    },
  };
}
