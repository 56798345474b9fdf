/**
 * Purposes: why a request reads data, declared per request and checked against the token.
 */

/** The header a request declares its purpose in. */
export const PURPOSE_HEADER = 'x-cityhub-purpose';

/**
 * The purposes the sample city uses. Other purposes are allowed as long as they are
 * well formed ({@link isPurpose}); this list documents the common vocabulary.
 */
export const KNOWN_PURPOSES: readonly string[] = [
  'city-operations',
  'elderly-care',
  'traffic-enforcement',
  'service-approval',
  'audit',
  'emergency-response',
  'open-data',
  'connector-administration',
  'data-subject-access',
];

const PURPOSE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The longest purpose accepted. */
export const MAX_PURPOSE_LENGTH = 64;

/**
 * Whether a value is a well-formed purpose: lowercase words of letters and digits joined by
 * single hyphens, starting with a letter, at most {@link MAX_PURPOSE_LENGTH} characters.
 *
 * ```ts
 * isPurpose('elderly-care'); // true
 * isPurpose('Elderly Care'); // false
 * ```
 */
export function isPurpose(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_PURPOSE_LENGTH && PURPOSE_PATTERN.test(value);
}
