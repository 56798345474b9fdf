import { AGREEMENT_STATUSES } from './agreement.ts';

/** A stored agreement row that cannot be read, skipped by the store's reads. */
export interface MalformedAgreementRow {
  /** The row's id, as stored (`null` when it holds none). */
  readonly id: string | null;
  /** What is wrong with it, naming the column; never the column's value. */
  readonly problem: string;
  /** When a read last skipped it (ISO 8601). */
  readonly seenAt: string;
}

const STORED_STATUSES: ReadonlySet<string> = new Set(AGREEMENT_STATUSES.filter((status) => status !== 'expired'));
const DATE_COLUMNS = ['valid_from', 'valid_until', 'requested_at'] as const;
const OPTIONAL_DATE_COLUMNS = ['decided_at', 'revoked_at'] as const;

/**
 * What is wrong with a stored agreement row, or `undefined` when it can be read: `fields`
 * must be a JSON array of field names, `status` one of the stored statuses, and every date
 * column a valid date. A row edited by hand or written by a broken tool must not make
 * every request of its department fail: the store skips it and reports this problem.
 *
 * ```ts
 * agreementRowProblem({ ...row, fields: 'phone' }); // 'fields must be a JSON array of field names'
 * ```
 */
export function agreementRowProblem(row: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof row.id !== 'string' || row.id === '') return 'id must be a non-empty string';
  for (const column of ['requester_department', 'provider_department', 'type_name', 'purpose'] as const) {
    if (typeof row[column] !== 'string' || row[column] === '') return `${column} must be a non-empty string`;
  }
  let fields: unknown;
  try {
    fields = typeof row.fields === 'string' ? JSON.parse(row.fields) : undefined;
  } catch {
    fields = undefined;
  }
  if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string' && field !== '')) return 'fields must be a JSON array of field names';
  if (typeof row.status !== 'string' || !STORED_STATUSES.has(row.status)) return `status must be one of ${[...STORED_STATUSES].join(', ')}`;
  for (const column of DATE_COLUMNS) if (!isDate(row[column])) return `${column} must be a date`;
  for (const column of OPTIONAL_DATE_COLUMNS) if (row[column] !== null && row[column] !== undefined && !isDate(row[column])) return `${column} must be a date or null`;
  return undefined;
}

function isDate(value: unknown): boolean {
  return (typeof value === 'string' || value instanceof Date) && !Number.isNaN(new Date(value).getTime());
}
