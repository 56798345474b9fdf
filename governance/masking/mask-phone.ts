import { REDACTED } from './redacted.ts';

/**
 * Masks a phone number, keeping the first three and the last four characters and replacing
 * each one between with `*`.
 *
 * Caveat: a value shorter than 8 characters would reveal too much of itself, so it is
 * redacted entirely (`***`).
 *
 * ```ts
 * maskPhone('13812345678');   // '138****5678'
 * maskPhone('021-64871234');  // '021*****1234'
 * ```
 */
export function maskPhone(value: string): string {
  const chars = [...value.trim()];
  if (chars.length < 8) return REDACTED;
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}
