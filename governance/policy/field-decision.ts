import type { MaskRule } from '../../schema/index.ts';

/**
 * Why a field was allowed, masked or denied; a stable code for audit entries and tests.
 *
 * | reason                 | effect | when                                                                   |
 * |------------------------|--------|------------------------------------------------------------------------|
 * | `uncatalogued`         | deny   | the field has no catalogue entry (fail closed)                         |
 * | `never-shared`         | deny   | sharing `none`                                                         |
 * | `open`                 | allow  | sharing `open`                                                         |
 * | `public-principal`     | deny   | anonymous or no jurisdiction, and the field is not `open`              |
 * | `no-purpose`           | deny   | no declared purpose, and the field is not `open`                       |
 * | `own-department`       | allow  | the principal's department provides the data                           |
 * | `agreement`            | allow  | an approved agreement covers the field for the declared purpose        |
 * | `unconditional`        | allow  | sharing `unconditional`, not personal                                  |
 * | `no-agreement`         | deny   | sharing `conditional` and no agreement covers it                       |
 * | `personal-not-covered` | mask   | personal data that no agreement covers for the declared purpose        |
 */
export type FieldDecisionReason =
  | 'uncatalogued'
  | 'never-shared'
  | 'open'
  | 'public-principal'
  | 'no-purpose'
  | 'own-department'
  | 'agreement'
  | 'unconditional'
  | 'no-agreement'
  | 'personal-not-covered';

/** What happens to a field's value. */
export type FieldEffect = 'allow' | 'mask' | 'deny';

/**
 * The column policy's decision for one field: its effect, a stable reason code, a sentence
 * for humans (auditors, error messages; never data), and for `mask` the rule to apply.
 *
 * ```ts
 * if (decision.effect === 'mask') value = maskValue(decision.rule, value);
 * ```
 */
export type FieldDecision =
  | { readonly effect: 'allow'; readonly reason: FieldDecisionReason; readonly message: string; readonly agreementId?: string }
  | { readonly effect: 'mask'; readonly reason: FieldDecisionReason; readonly message: string; readonly rule: MaskRule }
  | { readonly effect: 'deny'; readonly reason: FieldDecisionReason; readonly message: string };
