/**
 * CityHub's view of the four federation subgraphs: one `graphql` connector (`style:
 * 'federation'`) per subgraph, each type catalogued with its jurisdiction (`districtCode`),
 * and the review's links to its author and product (and back) as CityHub links, so the
 * city schema answers the benchmark's heavy query unchanged. List sizes are declared from the
 * data (six users, five top products, at most two reviews per user and four per product), so
 * the operation cost limit estimates the heavy query as the hub ships it would estimate it.
 */
import type { ConnectorManifestInput } from '../../../connectors/index.ts';
import type { SubgraphName } from './subgraphs.ts';

/** The environment variable each connector reads its subgraph's URL from. */
export const ENDPOINT_ENV: Readonly<Record<SubgraphName, string>> = {
  accounts: 'CITYHUB_BENCH_ACCOUNTS_URL',
  inventory: 'CITYHUB_BENCH_INVENTORY_URL',
  products: 'CITYHUB_BENCH_PRODUCTS_URL',
  reviews: 'CITYHUB_BENCH_REVIEWS_URL',
};

const open = (type: 'ID' | 'String') => ({ type, from: '', sharing: 'open', sensitivity: 'public' }) as const;
const internal = (type: 'String' | 'Int' | 'Boolean' | 'AdminCode', nullable = true) => ({ type, from: '', nullable, sharing: 'unconditional', sensitivity: 'internal' }) as const;
// Private: every field is read under its own name.
const fields = <T extends Record<string, { from: string }>>(defs: T): T =>
  Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, { ...def, from: name }])) as T;
const common = (name: SubgraphName) => ({
  id: `bench-${name}`,
  names: { zh: `基准${name}`, en: `Benchmark ${name}` },
  department: `Benchmark ${name} department`,
  domain: 'benchmark',
  timeoutMs: 10_000,
});

export const BENCH_MANIFESTS: readonly ConnectorManifestInput[] = [
  {
    ...common('accounts'),
    listSize: 6,
    source: { kind: 'graphql', endpointEnv: ENDPOINT_ENV.accounts, style: 'federation', types: { User: { list: { field: 'users' } } } },
    catalogue: {
      User: { key: 'id', jurisdiction: 'districtCode', fields: fields({ id: open('ID'), username: internal('String'), name: internal('String'), birthday: internal('Int'), districtCode: internal('AdminCode', false) }) },
    },
  },
  {
    ...common('products'),
    listSize: 5,
    source: { kind: 'graphql', endpointEnv: ENDPOINT_ENV.products, style: 'federation', types: { Product: { list: { field: 'topProducts', args: { first: 'first' } } } } },
    catalogue: {
      Product: {
        key: 'upc',
        jurisdiction: 'districtCode',
        listField: 'topProducts',
        fields: fields({ upc: open('String'), name: internal('String'), price: internal('Int'), weight: internal('Int'), districtCode: internal('AdminCode', false) }),
      },
    },
  },
  {
    ...common('inventory'),
    source: { kind: 'graphql', endpointEnv: ENDPOINT_ENV.inventory, style: 'federation', types: { Product: { list: { field: 'stock' } } } },
    catalogue: {
      Product: {
        key: 'upc',
        jurisdiction: 'districtCode',
        listField: 'stock',
        singleField: 'stockItem',
        fields: fields({ upc: open('String'), inStock: internal('Boolean'), shippingEstimate: internal('Int'), districtCode: internal('AdminCode', false) }),
      },
    },
  },
  {
    ...common('reviews'),
    source: {
      kind: 'graphql',
      endpointEnv: ENDPOINT_ENV.reviews,
      style: 'federation',
      types: {
        Review: {
          list: { field: 'reviews', args: { first: 'first', offset: 'offset' } },
          lookups: { authorId: { field: 'reviewsByAuthors', argument: 'ids' }, productUpc: { field: 'reviewsByProducts', argument: 'upcs' } },
        },
      },
    },
    catalogue: {
      Review: {
        key: 'id',
        jurisdiction: 'districtCode',
        fields: fields({ id: open('ID'), body: internal('String'), authorId: internal('String', false), productUpc: internal('String', false), districtCode: internal('AdminCode', false) }),
      },
    },
    links: [
      { kind: 'has', on: 'User', onKey: 'id', field: 'reviews', target: 'Review', by: 'authorId', listSize: 2 },
      { kind: 'has', on: 'Product', onKey: 'upc', field: 'reviews', target: 'Review', by: 'productUpc', listSize: 4 },
      { kind: 'ref', on: 'Review', field: 'author', target: 'User', from: 'authorId', targetKey: 'id' },
      { kind: 'ref', on: 'Review', field: 'product', target: 'Product', from: 'productUpc', targetKey: 'upc' },
    ],
  },
];
