/**
 * The public gateway benchmark's heavy query (`users → reviews → product → reviews → author →
 * reviews → product` plus `topProducts → …`), and the answer every gateway must give, worked
 * out from the subgraphs' data rather than taken from any gateway.
 */
import { PRODUCTS, REVIEWS, shippingEstimate, STOCK, USERS, type BenchProduct, type BenchReview, type BenchUser } from './data.ts';

export const HEAVY_QUERY = /* GraphQL */ `
  fragment User on User { id username name }
  fragment Review on Review { id body }
  fragment Product on Product { inStock name price shippingEstimate upc weight }
  query TestQuery {
    users {
      ...User
      reviews {
        ...Review
        product {
          ...Product
          reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
        }
      }
    }
    topProducts {
      ...Product
      reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
    }
  }
`;

const user = (row: BenchUser) => ({ id: row.id, username: row.username, name: row.name });
const review = (row: BenchReview) => ({ id: row.id, body: row.body });
const product = (row: BenchProduct) => ({
  inStock: STOCK.find((stock) => stock.upc === row.upc)!.inStock,
  name: row.name,
  price: row.price,
  shippingEstimate: shippingEstimate(row.price, row.weight),
  upc: row.upc,
  weight: row.weight,
});
const productOf = (row: BenchReview) => PRODUCTS.find((candidate) => candidate.upc === row.productUpc)!;
const authorOf = (row: BenchReview) => USERS.find((candidate) => candidate.id === row.authorId)!;
const reviewsBy = (row: BenchUser) => REVIEWS.filter((candidate) => candidate.authorId === row.id);
const reviewsOf = (row: BenchProduct) => REVIEWS.filter((candidate) => candidate.productUpc === row.upc);
const authorTree = (row: BenchUser) => ({ ...user(row), reviews: reviewsBy(row).map((r) => ({ ...review(r), product: product(productOf(r)) })) });
const productTree = (row: BenchProduct) => ({ ...product(row), reviews: reviewsOf(row).map((r) => ({ ...review(r), author: authorTree(authorOf(r)) })) });

/** The `data` of the heavy query's answer, fields in query order. */
export const EXPECTED_DATA = {
  users: USERS.map((u) => ({ ...user(u), reviews: reviewsBy(u).map((r) => ({ ...review(r), product: productTree(productOf(r)) })) })),
  topProducts: PRODUCTS.slice(0, 5).map(productTree),
};

/** {@link EXPECTED_DATA} as JSON, for comparing answers byte for byte. */
export const EXPECTED_DATA_JSON = JSON.stringify(EXPECTED_DATA);
