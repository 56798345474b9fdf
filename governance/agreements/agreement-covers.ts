import type { Agreement } from './agreement.ts';

/** What a read needs an agreement to cover. */
export interface AgreementCoverage {
  readonly requesterDepartment: string;
  readonly providerDepartment: string;
  readonly typeName: string;
  readonly fieldName: string;
  readonly purpose: string;
  /** The moment of the read. */
  readonly at: Date;
}

/**
 * Whether an agreement covers a read: approved, between the same departments, for the same
 * type, naming the field, for exactly the declared purpose, and in force at `at`
 * (`validFrom <= at < validUntil`). The times are re-checked here, so an agreement read
 * before it expired does not keep covering reads after.
 *
 * ```ts
 * agreements.some((agreement) => agreementCovers(agreement, { …read, at: new Date() }));
 * ```
 */
export function agreementCovers(agreement: Agreement, read: AgreementCoverage): boolean {
  const at = read.at.getTime();
  return (
    agreement.status === 'approved' &&
    agreement.requesterDepartment === read.requesterDepartment &&
    agreement.providerDepartment === read.providerDepartment &&
    agreement.typeName === read.typeName &&
    agreement.purpose === read.purpose &&
    agreement.fields.includes(read.fieldName) &&
    agreement.validFrom.getTime() <= at &&
    at < agreement.validUntil.getTime()
  );
}
