/**
 * Administrative codes: the jurisdiction every row of the city belongs to.
 *
 * Codes grow by suffix, one level at a time:
 *
 * | level     | example             | shape                         |
 * |-----------|---------------------|-------------------------------|
 * | city      | `3101`              | 4 digits                      |
 * | district  | `310106`            | city + 2 digits               |
 * | street    | `310106013`         | district + 3 digits           |
 * | community | `310106013002`      | street + 3 digits             |
 * | grid      | `310106013002-07`   | community + `-` + 2 digits    |
 *
 * "Is this row inside my jurisdiction" is therefore a prefix test on well-formed codes.
 */

/** The levels of the administrative hierarchy, from the widest to the narrowest. */
export type AdminLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

/** Every level, widest first. */
export const ADMIN_LEVELS: readonly AdminLevel[] = ['city', 'district', 'street', 'community', 'grid'];

const ADMIN_CODE_PATTERN = /^(\d{4})(\d{2})?(\d{3})?(\d{3})?(-\d{2})?$/;

/**
 * The level of a well-formed administrative code, or `null` when the value is not one.
 *
 * ```ts
 * adminLevel('310106013'); // 'street'
 * adminLevel('31010');     // null
 * ```
 */
export function adminLevel(code: unknown): AdminLevel | null {
  if (typeof code !== 'string') return null;
  const match = ADMIN_CODE_PATTERN.exec(code);
  if (!match) return null;
  const [, , district, street, community, grid] = match;
  // A deeper part is only legal when every part above it is present.
  if (grid !== undefined) return community !== undefined && street !== undefined && district !== undefined ? 'grid' : null;
  if (community !== undefined) return street !== undefined && district !== undefined ? 'community' : null;
  if (street !== undefined) return district !== undefined ? 'street' : null;
  if (district !== undefined) return 'district';
  return 'city';
}

/** Whether a value is a well-formed administrative code. */
export function isAdminCode(code: unknown): code is string {
  return adminLevel(code) !== null;
}

/**
 * Whether `code` lies within `scope`: it is the scope itself or one of its descendants.
 *
 * A malformed code or scope never lies within anything, so a row with a broken code is
 * not accidentally visible to a narrow jurisdiction.
 *
 * ```ts
 * isWithin('310106013002-07', '310106'); // true
 * isWithin('310107001', '310106');       // false
 * ```
 */
export function isWithin(code: unknown, scope: unknown): boolean {
  if (!isAdminCode(code) || !isAdminCode(scope)) return false;
  return code.startsWith(scope);
}

/**
 * Parses an administrative code, throwing a `TypeError` that names the value when it is
 * not well formed.
 */
export function parseAdminCode(value: unknown, where = 'value'): string {
  if (!isAdminCode(value)) {
    throw new TypeError(
      `${where} must be an administrative code such as "310106" or "310106013002-07", received ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * The parent of a code one level up, or `null` for a city code.
 *
 * ```ts
 * parentAdminCode('310106013'); // '310106'
 * ```
 */
export function parentAdminCode(code: string): string | null {
  switch (adminLevel(code)) {
    case 'grid':
      return code.slice(0, 12);
    case 'community':
      return code.slice(0, 9);
    case 'street':
      return code.slice(0, 6);
    case 'district':
      return code.slice(0, 4);
    default:
      return null;
  }
}
