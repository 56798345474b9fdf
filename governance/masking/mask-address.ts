import { REDACTED } from './redacted.ts';

// The first street-level marker: a sub-district (街道), town or township (镇, 乡), or the road
// or street name (路, 街, 大道, 巷, 胡同). Alternatives are tried longest first at each
// position, so `街道` wins over `街`.
const STREET_LEVEL = /^.*?(?:街道|大道|胡同|路|街|巷|镇|乡)/u;
// Without a street marker, the district or county (区, 县) is the most that may show.
const DISTRICT_LEVEL = /^.*?(?:区|县)/u;

/**
 * Masks an address, keeping it up to the street and replacing the rest (house number,
 * building, room) with `***`.
 *
 * The kept part ends at the first street-level word (`街道`, `镇`, `乡`, `路`, `街`, `大道`,
 * `巷`, `胡同`); without one, at the first `区` or `县`; without either the address is
 * redacted entirely. An address that is nothing but its street is still suffixed with
 * `***`, so a masked value is always recognisable as masked.
 *
 * ```ts
 * maskAddress('上海市徐汇区漕溪北路88号3号楼1201室'); // '上海市徐汇区漕溪北路***'
 * maskAddress('上海市徐汇区徐家汇街道虹桥路1号');      // '上海市徐汇区徐家汇街道***'
 * ```
 */
export function maskAddress(value: string): string {
  const address = value.trim();
  const kept = STREET_LEVEL.exec(address)?.[0] ?? DISTRICT_LEVEL.exec(address)?.[0];
  return kept === undefined ? REDACTED : `${kept}${REDACTED}`;
}
