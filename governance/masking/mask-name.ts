import { REDACTED } from './redacted.ts';

/**
 * Masks a person's name, keeping the first character and replacing every other character
 * with `*` (characters counted as Unicode code points, so `欧阳娜娜` has four).
 *
 * Caveat: a one-character name is redacted entirely (`***`), since keeping its first
 * character would keep all of it.
 *
 * ```ts
 * maskName('张三');     // '张*'
 * maskName('欧阳娜娜'); // '欧***'
 * ```
 */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length < 2) return REDACTED;
  return (chars[0] as string) + '*'.repeat(chars.length - 1);
}
