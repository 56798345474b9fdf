import type { MaskRule } from '../../schema/index.ts';
import { maskAddress } from './mask-address.ts';
import { maskIdNumber } from './mask-id-number.ts';
import { maskName } from './mask-name.ts';
import { maskPhone } from './mask-phone.ts';
import { REDACTED, redact } from './redacted.ts';

/** The masking function of each rule. */
export const MASKERS: Readonly<Record<MaskRule, (value: string) => string>> = Object.freeze({
  phone: maskPhone,
  idNumber: maskIdNumber,
  name: maskName,
  address: maskAddress,
  redact,
});

/** The rule applied to a personal field whose catalogue names none. */
export const DEFAULT_MASK_RULE: MaskRule = 'redact';

/**
 * Masks a field value with a catalogue rule.
 *
 * - `null` and `undefined` stay as they are (an absent value reveals nothing);
 * - strings are masked by the rule; numbers and bigints are masked as their decimal text
 *   (a phone number stored as a number still comes back masked, as a string);
 * - arrays (list fields) are masked element by element;
 * - anything else (booleans, objects such as a `GeoPoint`) becomes `***`;
 * - an unknown rule redacts, so a catalogue typo never lets data through.
 *
 * ```ts
 * maskValue('phone', '13812345678'); // '138****5678'
 * maskValue('name', null);           // null
 * ```
 */
export function maskValue(rule: MaskRule, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(rule, item));
  const masker = Object.hasOwn(MASKERS, rule) ? MASKERS[rule] : redact;
  if (typeof value === 'string') return masker(value);
  if (typeof value === 'number' || typeof value === 'bigint') return masker(String(value));
  return REDACTED;
}
