/**
 * Data-sharing agreements: a department's approved right to read another department's
 * `conditional` fields for one purpose, until an expiry.
 */

/**
 * Where an agreement stands:
 * - `pending`: requested, waiting for the providing department;
 * - `approved`: in force between `validFrom` and `validUntil`;
 * - `rejected`: refused by the providing department;
 * - `revoked`: withdrawn by the providing department after approval (takes effect at once);
 * - `expired`: `validUntil` has passed (computed when read; a pending request expires too).
 */
export type AgreementStatus = 'pending' | 'approved' | 'rejected' | 'revoked' | 'expired';

/** Every agreement status. */
export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['pending', 'approved', 'rejected', 'revoked', 'expired'];

/**
 * One data-sharing agreement, as read at a moment (its `status` accounts for expiry).
 *
 * ```ts
 * if (agreement.status === 'approved' && agreement.fields.includes('phone')) { … }
 * ```
 */
export interface Agreement {
  readonly id: string;
  /** The department that reads the data. */
  readonly requesterDepartment: string;
  /** The department that holds the data and decides. */
  readonly providerDepartment: string;
  /** The catalogued GraphQL type the fields belong to. */
  readonly typeName: string;
  /** The `conditional` fields of `typeName` the agreement covers. */
  readonly fields: readonly string[];
  /** The one purpose the data may be read for. */
  readonly purpose: string;
  readonly validFrom: Date;
  /** The first moment the agreement no longer holds. */
  readonly validUntil: Date;
  readonly status: AgreementStatus;
  /** The subject of the principal who requested it. */
  readonly requestedBy: string;
  readonly reason: string;
  readonly requestedAt: Date;
  /** The subject of the principal who approved or rejected it. */
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  /** The approval note or the rejection reason. */
  readonly decisionNote: string | null;
  readonly revokedBy: string | null;
  readonly revokedAt: Date | null;
  readonly revocationReason: string | null;
}
