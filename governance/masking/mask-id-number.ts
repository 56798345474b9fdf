import { REDACTED } from './redacted.ts';

/**
 * Masks a resident identity card number so the birth date never shows.
 *
 * - 18 characters: keeps the region code (first 6) and the last 4 (sequence code and check
 *   character), and masks the 8-digit birth date: `310106199001011234` → `310106********1234`.
 * - 15 characters (first-generation cards): keeps the region (first 6) and the last 3, and
 *   masks the 6-digit birth date: `310106900101123` → `310106******123`.
 * - anything else is redacted entirely (`***`), since its layout is unknown.
 *
 * The check character `x` is shown upper-case (`X`), as printed on the card.
 *
 * ```ts
 * maskIdNumber('31010619900101123x'); // '310106********123X'
 * ```
 */
export function maskIdNumber(value: string): string {
  const id = value.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(id)) return `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(14)}`;
  if (/^\d{15}$/.test(id)) return `${id.slice(0, 6)}${'*'.repeat(6)}${id.slice(12)}`;
  return REDACTED;
}
