import type { CityModel } from './city-model.ts';

/**
 * The seed of one simulated system's own random stream: the city's seed mixed with an
 * FNV-1a hash of the system id, so that each simulator draws its extra entities (rain
 * gauges, sensors, depots…) deterministically without disturbing any other system's.
 *
 * ```ts
 * const random = createRandom(systemSeed(model, 'rainfall'));
 * ```
 */
export function systemSeed(model: Pick<CityModel, 'seed'>, systemId: string): number {
  let hash = 0x811c9dc5;
  for (const char of systemId) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash ^ model.seed) >>> 0;
}

/** `YYYY-MM-DD HH:mm:ss` in the city's local time (UTC+8) for an instant, as legacy systems write it. */
export function legacyLocalTime(instant: number): string {
  const local = new Date(instant + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

/** The great-circle distance between two points, in kilometres (haversine). */
export function distanceKm(a: { readonly lat: number; readonly lng: number }, b: { readonly lat: number; readonly lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The start of the sample city's rain event: 2026-07-01 08:00 local time. */
export const RAIN_EVENT_START = Date.UTC(2026, 6, 1, 0, 0, 0);
