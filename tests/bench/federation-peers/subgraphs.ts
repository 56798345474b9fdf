/**
 * The four Apollo Federation 2 subgraphs of the gateway benchmark (accounts, inventory,
 * products, reviews), written with `@apollo/subgraph` and served by graphql-yoga on loopback.
 * Beside the public benchmark's fields they expose what CityHub's `graphql` kind reads: each
 * type's `districtCode` (its jurisdiction code), the review's `authorId` and `productUpc`
 * (the keys its links join on), a root list per type and the batch lookups of the review's
 * join fields. The federation gateways never select them.
 *
 * Run as a process (`node --import tsx subgraphs.ts`), it prints one line of JSON with the
 * subgraphs' URLs and serves until killed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { PRODUCTS, REVIEWS, shippingEstimate, STOCK, USERS, type BenchProduct } from './data.ts';

/** The subgraph names, in the order a supergraph lists them. */
export const SUBGRAPH_NAMES = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

/** Each subgraph's SDL (Apollo Federation 2). */
export const SUBGRAPH_SDL: Readonly<Record<SubgraphName, string>> = {
  accounts: `${FEDERATION}
    type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int districtCode: String! @shareable }
    type Query { me: User user(id: ID!): User users: [User] }`,
  inventory: `${FEDERATION}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
      districtCode: String! @shareable
    }
    type Query { stock: [Product!]! }`,
  products: `${FEDERATION}
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int districtCode: String! @shareable }
    type Query { topProducts(first: Int = 5): [Product] }`,
  reviews: `${FEDERATION}
    type Review @key(fields: "id") {
      id: ID!
      body: String
      product: Product
      author: User @provides(fields: "username")
      authorId: ID!
      productUpc: String!
      districtCode: String!
    }
    type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
    type Product @key(fields: "upc") { upc: String! reviews: [Review] }
    type Query {
      reviews(first: Int, offset: Int): [Review!]!
      reviewsByAuthors(ids: [ID!]!): [Review!]!
      reviewsByProducts(upcs: [String!]!): [Review!]!
    }`,
};

const usersById = new Map(USERS.map((user) => [user.id, user]));
const productsByUpc = new Map(PRODUCTS.map((product) => [product.upc, product]));
const stockByUpc = new Map(STOCK.map((stock) => [stock.upc, stock]));
const reviewsById = new Map(REVIEWS.map((review) => [review.id, review]));
const stockRow = (upc: string, given: Partial<BenchProduct> = {}) => {
  const stock = stockByUpc.get(upc);
  // A federation gateway sends price and weight (@requires); CityHub's graphql kind sends the
  // key alone, so the subgraph falls back to the product's own figures for the estimate.
  return stock ? { ...productsByUpc.get(upc), ...given, ...stock } : null;
};

/** Builds one subgraph's executable schema. */
export function subgraphSchema(name: SubgraphName): GraphQLSchema {
  const resolvers: Record<SubgraphName, Record<string, unknown>> = {
    accounts: {
      Query: { me: () => USERS[0], user: (_: unknown, { id }: { id: string }) => usersById.get(id) ?? null, users: () => USERS },
      User: { __resolveReference: ({ id }: { id: string }) => usersById.get(id) ?? null },
    },
    inventory: {
      Query: { stock: () => STOCK.map((stock) => stockRow(stock.upc)) },
      Product: {
        __resolveReference: (reference: { upc: string } & Partial<BenchProduct>) => stockRow(reference.upc, reference),
        shippingEstimate: (product: BenchProduct) => shippingEstimate(product.price, product.weight),
      },
    },
    products: {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
      Product: { __resolveReference: ({ upc }: { upc: string }) => productsByUpc.get(upc) ?? null },
    },
    reviews: {
      Query: {
        reviews: (_: unknown, { first, offset }: { first?: number | null; offset?: number | null }) =>
          REVIEWS.slice(offset ?? 0, first == null ? undefined : (offset ?? 0) + first),
        reviewsByAuthors: (_: unknown, { ids }: { ids: string[] }) => REVIEWS.filter((review) => ids.includes(review.authorId)),
        reviewsByProducts: (_: unknown, { upcs }: { upcs: string[] }) => REVIEWS.filter((review) => upcs.includes(review.productUpc)),
      },
      Review: {
        __resolveReference: ({ id }: { id: string }) => reviewsById.get(id) ?? null,
        author: (review: { authorId: string }) => ({ id: review.authorId, username: usersById.get(review.authorId)?.username }),
        product: (review: { productUpc: string }) => ({ upc: review.productUpc }),
      },
      User: { reviews: (user: { id: string }) => REVIEWS.filter((review) => review.authorId === user.id) },
      Product: { reviews: (product: { upc: string }) => REVIEWS.filter((review) => review.productUpc === product.upc) },
    },
  };
  return buildSubgraphSchema({ typeDefs: parse(SUBGRAPH_SDL[name]), resolvers: resolvers[name] as never });
}

/** The running subgraphs. */
export interface RunningSubgraphs {
  readonly urls: Readonly<Record<SubgraphName, string>>;
  close(): Promise<void>;
}

/** Starts the four subgraphs on free loopback ports. */
export async function startSubgraphs(): Promise<RunningSubgraphs> {
  const servers: Server[] = [];
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    const yoga = createYoga({ schema: subgraphSchema(name), graphiql: false, logging: false, landingPage: false });
    const server = createServer(yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  return {
    urls,
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await startSubgraphs();
  console.log(JSON.stringify(running.urls));
}
