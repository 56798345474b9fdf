import { GovernanceError, type CatalogueType } from '../../schema/index.ts';
import { decideField, type DecideFieldOptions } from './decide-field.ts';

/** Options of {@link checkArgumentAccess}. */
export interface CheckArgumentAccessOptions extends Omit<DecideFieldOptions, 'field' | 'fieldName'> {
  /** The catalogue entry of `typeName`. */
  readonly type: CatalogueType;
  /** The fields the request filters or sorts on. */
  readonly fields: readonly string[];
}

/**
 * Refuses a filter or sort on a field the principal may not read in the clear.
 *
 * Filtering on a masked or denied field would let a caller learn its value by bisection
 * (`phone starts with 1381…`), so any decision other than `allow` throws a
 * `GovernanceError` with code `FORBIDDEN` naming the field (also in `extensions.field`).
 *
 * ```ts
 * checkArgumentAccess({ principal, purpose, typeName: 'Resident', type, department, agreements,
 *   fields: ['phone'] }); // throws: filtering or sorting on Resident.phone is not allowed …
 * ```
 */
export function checkArgumentAccess(options: CheckArgumentAccessOptions): void {
  const { type, fields, ...context } = options;
  for (const fieldName of fields) {
    const field = Object.hasOwn(type.fields, fieldName) ? type.fields[fieldName] : undefined;
    const decision = decideField({ ...context, field, fieldName });
    if (decision.effect !== 'allow') {
      throw new GovernanceError(
        `filtering or sorting on ${options.typeName}.${fieldName} is not allowed: you may not read it in the clear (${decision.message})`,
        'FORBIDDEN',
        { extensions: { field: `${options.typeName}.${fieldName}`, reason: decision.reason } },
      );
    }
  }
}
