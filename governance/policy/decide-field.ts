import type { CatalogueField } from '../../schema/index.ts';
import type { Agreement } from '../agreements/agreement.ts';
import { agreementCovers } from '../agreements/agreement-covers.ts';
import { isGovernmentPrincipal, type Principal } from '../identity/principal.ts';
import { DEFAULT_MASK_RULE } from '../masking/mask-value.ts';
import type { FieldDecision } from './field-decision.ts';

/** Options of {@link decideField}. */
export interface DecideFieldOptions {
  readonly principal: Principal;
  /** The purpose declared for the request (`resolvePurpose`), or `null` when none was. */
  readonly purpose: string | null;
  /** The field's catalogue entry; `undefined` (uncatalogued) is denied. */
  readonly field: CatalogueField | undefined;
  readonly typeName: string;
  readonly fieldName: string;
  /** The department that provides the type (the connector's department). */
  readonly department: string;
  /**
   * The agreements to consider, typically `AgreementStore.activeFor` for the principal's
   * department, the providing department, the type and the purpose. Each is re-checked
   * with `agreementCovers`, so passing more is safe.
   */
  readonly agreements: readonly Agreement[];
  /** The moment of the read. @default new Date() */
  readonly at?: Date;
}

/**
 * The column policy: whether a principal may read one catalogued field, in the clear, masked,
 * or not at all.
 *
 * In order:
 * 1. uncatalogued or sharing `none` → deny (fail closed; `none` never leaves the department);
 * 2. sharing `open` → allow for everyone, token or not;
 * 3. a public principal (anonymous, or without jurisdictions) → deny;
 * 4. no declared purpose → deny;
 * 5. own data (the principal's department is the providing one) → allow in the clear;
 * 6. an agreement covering the field (principal's department as requester, providing
 *    department, type, field, declared purpose, in force at `at`) → allow in the clear;
 * 7. sharing `conditional` → deny;
 * 8. sharing `unconditional`: allow; but a `personal` field is masked with its catalogue
 *    rule (default `redact`).
 *
 * **The personal-data rule**: a personal field is shown in the clear only to its own
 * department, or under an approved agreement that names that field *and* the declared
 * purpose. Holding a purpose in the token is not enough; a department has to have asked for
 * the personal data for that purpose and the provider has to have agreed. Everyone else who
 * may read the field gets it masked, so apps keep working.
 *
 * ```ts
 * const decision = decideField({ principal, purpose, field, typeName: 'Resident', fieldName: 'phone',
 *   department: 'Public Security Bureau', agreements });
 * // { effect: 'mask', reason: 'personal-not-covered', rule: 'phone', message: '…' }
 * ```
 */
export function decideField(options: DecideFieldOptions): FieldDecision {
  const { principal, purpose, field, typeName, fieldName, department } = options;
  const path = `${typeName}.${fieldName}`;
  if (field === undefined) {
    return { effect: 'deny', reason: 'uncatalogued', message: `${path} is not in the catalogue` };
  }
  if (field.sharing === 'none') {
    return { effect: 'deny', reason: 'never-shared', message: `${path} is never shared outside ${department}` };
  }
  if (field.sharing === 'open') {
    return { effect: 'allow', reason: 'open', message: `${path} is open data` };
  }
  if (!isGovernmentPrincipal(principal)) {
    return { effect: 'deny', reason: 'public-principal', message: `${path} is government data; only open data is public` };
  }
  if (purpose === null) {
    return { effect: 'deny', reason: 'no-purpose', message: `${path} needs a declared purpose` };
  }
  if (principal.department === department) {
    return { effect: 'allow', reason: 'own-department', message: `${path} is ${department}'s own data` };
  }
  const at = options.at ?? new Date();
  const agreement = options.agreements.find((candidate) =>
    agreementCovers(candidate, {
      requesterDepartment: principal.department,
      providerDepartment: department,
      typeName,
      fieldName,
      purpose,
      at,
    }),
  );
  if (agreement) {
    return {
      effect: 'allow',
      reason: 'agreement',
      message: `${path} is shared with ${principal.department} for "${purpose}" under agreement ${agreement.id}`,
      agreementId: agreement.id,
    };
  }
  if (field.sharing === 'conditional') {
    return {
      effect: 'deny',
      reason: 'no-agreement',
      message: `${path} needs an approved agreement between ${principal.department} and ${department} for "${purpose}"`,
    };
  }
  if (field.sensitivity === 'personal') {
    return {
      effect: 'mask',
      reason: 'personal-not-covered',
      rule: field.mask ?? DEFAULT_MASK_RULE,
      message: `${path} is personal data that no agreement covers for "${purpose}"`,
    };
  }
  return { effect: 'allow', reason: 'unconditional', message: `${path} is shared with every government principal` };
}
