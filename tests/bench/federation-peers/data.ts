/**
 * The data of the four federation subgraphs of the gateway benchmark (accounts, inventory,
 * products, reviews), in the shape of the public gateway benchmark's: six users, five top
 * products, eleven reviews of several paragraphs. Unlike the public benchmark (whose reviews
 * subgraph answers every author as user 1), authorship is consistent across subgraphs: a
 * review's author has that review among their `reviews`, so every gateway, whether it joins
 * through `_entities` or through key lookups, must return the same answer.
 *
 * Every row also carries `districtCode`, the jurisdiction code CityHub's row policy reads
 * (all rows lie in district 310106, street 310106013, so a district officer sees them all but
 * every row is still checked).
 */

/** The district code of every row. */
export const DISTRICT_CODE = '310106013';

export interface BenchUser {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly birthday: number;
  readonly districtCode: string;
}

export interface BenchProduct {
  readonly upc: string;
  readonly name: string;
  readonly price: number;
  readonly weight: number;
  readonly districtCode: string;
}

export interface BenchStock {
  readonly upc: string;
  readonly inStock: boolean;
}

export interface BenchReview {
  readonly id: string;
  readonly body: string;
  readonly authorId: string;
  readonly productUpc: string;
  readonly districtCode: string;
}

export const USERS: readonly BenchUser[] = [
  ['1', 'Ada Lindqvist', 'ada'],
  ['2', 'Bruno Okafor', 'bruno'],
  ['3', 'Chen Wei', 'chenwei'],
  ['4', 'Dara Novak', 'dara'],
  ['5', 'Emil Haddad', 'emil'],
  ['6', 'Farah Sato', 'farah'],
].map(([id, name, username]) => ({ id: id!, name: name!, username: username!, birthday: 1234567890, districtCode: DISTRICT_CODE }));

export const PRODUCTS: readonly BenchProduct[] = [
  ['1', 'Table', 899, 100],
  ['2', 'Couch', 1299, 1000],
  ['3', 'Chair', 54, 50],
  ['4', 'Bed', 1000, 1200],
  ['5', 'Lamp', 39, 3],
].map(([upc, name, price, weight]) => ({ upc: String(upc), name: String(name), price: Number(price), weight: Number(weight), districtCode: DISTRICT_CODE }));

export const STOCK: readonly BenchStock[] = PRODUCTS.map((product, index) => ({ upc: product.upc, inStock: index % 4 !== 3 }));

/** The shipping estimate the inventory subgraph derives from price and weight (free above 1000). */
export function shippingEstimate(price: number, weight: number): number {
  return price > 1000 ? 0 : Math.round(weight * 0.5);
}

// Review bodies: filler prose of the lengths the public benchmark uses (150 to 900 characters).
const WORDS = 'civic data ledger street district archive permit transit harbour meter sensor registry bridge clinic school market garden river signal ferry'.split(' ');
function body(seed: number, length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i += 1) text += `${WORDS[(seed * 7 + i * 13) % WORDS.length]}${i % 11 === 10 ? '. ' : ' '}`;
  return text.slice(0, length).trimEnd() + '.';
}

// Products of the reviews as in the public benchmark: four of 1, four of 2, one of 3, two of 4.
const REVIEWED = ['1', '1', '1', '1', '2', '2', '2', '2', '3', '4', '4'];
const LENGTHS = [445, 300, 270, 140, 445, 300, 270, 140, 140, 140, 900];
export const REVIEWS: readonly BenchReview[] = REVIEWED.map((upc, index) => ({
  id: String(index + 1),
  body: body(index, LENGTHS[index]!),
  authorId: USERS[index % USERS.length]!.id,
  productUpc: upc,
  districtCode: DISTRICT_CODE,
}));
