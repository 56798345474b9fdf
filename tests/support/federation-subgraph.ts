import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { defineConnector, type ConnectorDefinition } from '../../connectors/index.ts';

/** Options of {@link serveTinySubgraph}. */
export interface TinySubgraphOptions {
  /** The entity type, keyed by `id`, with a `code` (its jurisdiction code). */
  readonly type: string;
  /** The root list field serving every row. */
  readonly list: string;
  /** The rows' ids; each row's code is `310106013`. @default [`${type}-1`] */
  readonly ids?: readonly string[];
  /** How late the root list answers, in milliseconds. @default 0 */
  readonly delayMs?: number;
}

/** A running one-type federation subgraph and the `graphql` connector that reads it. */
export interface TinySubgraph {
  readonly url: string;
  /** The connector (`style: 'federation'`) reading it from the URL in `env[endpointEnv]`. */
  readonly definition: ConnectorDefinition;
  readonly endpointEnv: string;
  /** Stops answering: the connector's calls fail from now on. */
  close(): Promise<void>;
}

/**
 * Serves a one-type Apollo Federation subgraph on loopback (`@apollo/subgraph` + yoga) and
 * defines the connector reading it, for tests that need a real source but not the sample city.
 *
 * ```ts
 * const alphas = await serveTinySubgraph({ type: 'Alpha', list: 'alphas', delayMs: 150 });
 * createCityHub({ definitions: [alphas.definition], env: { [alphas.endpointEnv]: alphas.url } });
 * ```
 */
export async function serveTinySubgraph(options: TinySubgraphOptions): Promise<TinySubgraph> {
  const { type, list } = options;
  const rows = (options.ids ?? [`${type}-1`]).map((id) => ({ id, code: '310106013' }));
  const schema = buildSubgraphSchema({
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type ${type} @key(fields: "id") { id: ID! code: String! }
      type Query { ${list}: [${type}!]! }
    `),
    resolvers: {
      Query: { [list]: async () => (await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0)), rows) },
      [type]: { __resolveReference: ({ id }: { id: string }) => rows.find((row) => row.id === id) ?? null },
    } as never,
  });
  const server: Server = createServer(createYoga({ schema, logging: false, graphiql: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const id = `${list.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}-system`;
  const endpointEnv = `${list.toUpperCase()}_URL`;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    endpointEnv,
    definition: defineConnector({
      id,
      names: { zh: id, en: id },
      department: `${id} department`,
      domain: 'test',
      timeoutMs: 2_000,
      source: { kind: 'graphql', endpointEnv, style: 'federation', types: { [type]: { list: { field: list } } } },
      catalogue: {
        [type]: {
          key: 'id',
          jurisdiction: 'code',
          fields: {
            id: { type: 'ID', from: 'id', sharing: 'open', sensitivity: 'public' },
            code: { type: 'AdminCode', from: 'code', sharing: 'unconditional', sensitivity: 'internal' },
          },
        },
      },
    }),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
