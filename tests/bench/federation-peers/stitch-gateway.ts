/**
 * Peer: a plain graphql-yoga + `@graphql-tools/stitch` gateway over the four federation
 * subgraphs, merging each entity through its subgraph's `_entities` field (the stitching
 * documentation's recipe for federation services), over HTTP with `@graphql-tools/executor-http`.
 *
 * Run as a process with the subgraphs' URLs as JSON in `argv[2]`; prints `ready <url>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { stitchSchemas } from '@graphql-tools/stitch';
import type { MergedTypeConfig, SubschemaConfig } from '@graphql-tools/delegate';
import { createYoga } from 'graphql-yoga';
import { SUBGRAPH_NAMES, subgraphSchema, type SubgraphName } from './subgraphs.ts';

const urls = JSON.parse(process.argv[2] ?? '{}') as Record<SubgraphName, string>;

// Private: merging one entity type through `_entities`, its representation built from `fields`.
const entity = (typeName: string, fields: readonly string[]): MergedTypeConfig => ({
  selectionSet: `{ ${fields.join(' ')} }`,
  fieldName: '_entities',
  key: (object: Record<string, unknown>) => Object.fromEntries([['__typename', typeName], ...fields.map((field) => [field, object[field]])]),
  argsFromKeys: (representations: readonly unknown[]) => ({ representations }),
});
const merges: Record<SubgraphName, Record<string, MergedTypeConfig>> = {
  accounts: { User: entity('User', ['id']) },
  // shippingEstimate @requires price and weight: the representation carries them.
  inventory: { Product: entity('Product', ['upc', 'price', 'weight']) },
  products: { Product: entity('Product', ['upc']) },
  reviews: { Review: entity('Review', ['id']), User: entity('User', ['id']), Product: entity('Product', ['upc']) },
};
const subschemas: SubschemaConfig[] = SUBGRAPH_NAMES.map((name) => ({
  schema: subgraphSchema(name),
  executor: buildHTTPExecutor({ endpoint: urls[name] }),
  batch: true,
  merge: merges[name],
}));
const yoga = createYoga({ schema: stitchSchemas({ subschemas, mergeTypes: true }), logging: false, graphiql: false, landingPage: false });
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`));
