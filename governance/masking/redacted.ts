/** What a fully redacted value reads as. */
export const REDACTED = '***';

/**
 * Replaces the whole value with {@link REDACTED} (the `redact` rule). The length of the
 * original never shows.
 *
 * ```ts
 * redact('diabetes, type 2'); // '***'
 * ```
 */
export function redact(_value: string): string {
  return REDACTED;
}
