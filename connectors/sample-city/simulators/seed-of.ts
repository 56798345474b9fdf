/**
 * A 32-bit seed for one simulated system, derived from its connector id and the city seed:
 * each system draws its own entities from its own stream, so adding a system never changes
 * another's data.
 *
 * ```ts
 * const random = createRandom(seedOf('building-vibration', model.seed));
 * ```
 */
export function seedOf(id: string, citySeed: number): number {
  // FNV-1a over the id, mixed with the city seed.
  let hash = 0x811c9dc5 ^ (citySeed >>> 0);
  for (let index = 0; index < id.length; index += 1) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
