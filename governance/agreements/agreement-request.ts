import { GovernanceError } from '../../schema/index.ts';
import { isPurpose } from '../identity/purpose.ts';
import type { Principal } from '../identity/principal.ts';

/** What a department asks for when it requests an agreement. */
export interface AgreementRequest {
  /** The department that will read the data; must be the requesting principal's. */
  readonly requesterDepartment: string;
  /** The department that holds the data and will decide. */
  readonly providerDepartment: string;
  /** The catalogued GraphQL type, e.g. `Resident`. */
  readonly typeName: string;
  /** The fields of `typeName` requested; at least one. */
  readonly fields: readonly string[];
  /** The one purpose, e.g. `elderly-care`. */
  readonly purpose: string;
  /** When the agreement starts to hold (a `Date` or an ISO-8601 string). */
  readonly validFrom: Date | string;
  /** When it stops holding; later than `validFrom` and in the future. */
  readonly validUntil: Date | string;
  /** The principal asking. */
  readonly requestedBy: Principal;
  /** Why the data is needed. */
  readonly reason: string;
}

/** A request after validation. @internal */
export interface NormalizedAgreementRequest {
  readonly requesterDepartment: string;
  readonly providerDepartment: string;
  readonly typeName: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly requestedBy: Principal;
  readonly reason: string;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const MAX_TEXT = 200;

/**
 * Validates an agreement request, throwing a `GovernanceError` with code `BAD_USER_INPUT`
 * that names the offending field (in `extensions.field` too) and the value received.
 *
 * @internal
 */
export function normalizeAgreementRequest(input: AgreementRequest, now: Date): NormalizedAgreementRequest {
  if (input === null || typeof input !== 'object') throw badInput('request', 'must be an object', input);
  const requesterDepartment = department('requesterDepartment', input.requesterDepartment);
  const providerDepartment = department('providerDepartment', input.providerDepartment);
  if (requesterDepartment === providerDepartment) {
    throw badInput('providerDepartment', 'must differ from requesterDepartment (a department reads its own data without an agreement)', providerDepartment);
  }
  if (typeof input.typeName !== 'string' || !GRAPHQL_NAME.test(input.typeName)) {
    throw badInput('typeName', 'must be a GraphQL type name such as "Resident"', input.typeName);
  }
  if (!Array.isArray(input.fields) || input.fields.length === 0) {
    throw badInput('fields', 'must list at least one field', input.fields);
  }
  for (const field of input.fields) {
    if (typeof field !== 'string' || !GRAPHQL_NAME.test(field)) throw badInput('fields', 'must hold GraphQL field names such as "phone"', field);
  }
  if (!isPurpose(input.purpose)) {
    throw badInput('purpose', 'must be lowercase words joined by hyphens, such as "elderly-care"', input.purpose);
  }
  const validFrom = instant('validFrom', input.validFrom);
  const validUntil = instant('validUntil', input.validUntil);
  if (validUntil.getTime() <= validFrom.getTime()) {
    throw badInput('validUntil', `must be later than validFrom (${validFrom.toISOString()})`, validUntil.toISOString());
  }
  if (validUntil.getTime() <= now.getTime()) {
    throw badInput('validUntil', `must be in the future (now is ${now.toISOString()})`, validUntil.toISOString());
  }
  if (typeof input.reason !== 'string' || input.reason.trim() === '') {
    throw badInput('reason', 'must say why the data is needed', input.reason);
  }
  return {
    requesterDepartment,
    providerDepartment,
    typeName: input.typeName,
    fields: [...new Set(input.fields)],
    purpose: input.purpose,
    validFrom,
    validUntil,
    requestedBy: input.requestedBy,
    reason: input.reason.trim(),
  };
}

/**
 * A `GovernanceError` with code `BAD_USER_INPUT` naming a field and the value received.
 *
 * @internal
 */
export function badInput(field: string, contract: string, received: unknown): GovernanceError {
  const rendered = received === undefined ? 'nothing' : (JSON.stringify(received) ?? String(received)).slice(0, 120);
  return new GovernanceError(`${field} ${contract}, received ${rendered}`, 'BAD_USER_INPUT', { extensions: { field } });
}

function department(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw badInput(field, `must be a department name of 1 to ${MAX_TEXT} characters`, value);
  }
  return value;
}

function instant(field: string, value: unknown): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw badInput(field, 'must be a Date or an ISO-8601 timestamp', value instanceof Date ? 'Invalid Date' : value);
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999) throw badInput(field, 'must fall between the years 1970 and 9999', date.toISOString());
  return date;
}
