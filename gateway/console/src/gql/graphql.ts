/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AgreementRequestInput = {
  fields: Array<string>;
  /** The department that holds the data and decides. */
  providerDepartment: string;
  purpose: string;
  reason: string;
  typeName: string;
  /** ISO-8601; defaults to now. */
  validFrom?: string | null | undefined;
  /** ISO-8601; later than validFrom and in the future. */
  validUntil: string;
};

/** Where a data-sharing agreement stands. */
export type AgreementStatus =
  | 'APPROVED'
  | 'EXPIRED'
  | 'PENDING'
  | 'REJECTED'
  | 'REVOKED';

/** Why the log fails verification; forged: a signed checkpoint's signature does not verify, or its note was altered. */
export type AuditBreakReason =
  | 'deleted'
  | 'edited'
  | 'forged'
  | 'inserted'
  | 'malformed'
  | 'reordered';

/** What an auditor searches entries by; every given filter must match. Times are ISO-8601. */
export type AuditEntryFilter = {
  department?: string | null | undefined;
  /** Entries at or after this time. */
  from?: string | null | undefined;
  outcome?: AuditOutcome | null | undefined;
  /** Entries that returned this personal record key: who accessed resident X. */
  personalKey?: string | null | undefined;
  principal?: string | null | undefined;
  purpose?: string | null | undefined;
  requestId?: string | null | undefined;
  /** Entries that touched this source system (connector id). */
  system?: string | null | undefined;
  /** Entries before this time. */
  to?: string | null | undefined;
};

/** How a request, or one source system's part of it, ended. */
export type AuditOutcome =
  | 'denied'
  | 'error'
  | 'ok'
  | 'partial';

/** Where a registered connector version stands. */
export type ConnectorVersionState =
  | 'active'
  | 'checked'
  | 'retired';

export type ConsoleAuditEntriesQueryVariables = Exact<{
  filter?: AuditEntryFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleAuditEntriesQuery = { auditEntries: { nodes: Array<{ seq: number, occurredAt: string, requestId: string, principal: string | null, department: string | null, purpose: string | null, operationName: string | null, outcome: AuditOutcome, errorCode: string | null, prevHash: string, hash: string, sources: Array<{ system: string, fieldsRead: Array<string>, rowsReturned: number, personalKeys: Array<string>, fieldsMasked: Array<string>, fieldsDenied: Array<string>, agreementIds: Array<string>, outcome: AuditOutcome }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleAuditVerifyQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleAuditVerifyQuery = { auditVerify: { ok: boolean, entriesChecked: number, firstBrokenSeq: number | null, reason: AuditBreakReason | null, message: string | null, last: { seq: number, hash: string } | null } };

export type ConsoleAccessesByDepartmentQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type ConsoleAccessesByDepartmentQuery = { auditReportAccessesByDepartmentAndPurpose: Array<{ department: string | null, purpose: string | null, accesses: number, denied: number, failed: number, principals: number, personalRecords: number }> };

export type ConsoleOutOfHoursQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type ConsoleOutOfHoursQuery = { auditReportOutOfHours: Array<{ seq: number, occurredAt: string, localTime: string, principal: string | null, department: string | null, purpose: string | null, operationName: string | null, outcome: AuditOutcome, personalRecords: number }> };

export type ConsoleUnusualPersonalReadsQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type ConsoleUnusualPersonalReadsQuery = { auditReportUnusualPersonalReads: Array<{ principal: string, department: string | null, day: string, personalRecords: number, historyMedian: number, historyDays: number }> };

export type ConsoleConditionalFieldUseQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type ConsoleConditionalFieldUseQuery = { auditReportConditionalFieldUse: Array<{ seq: number, occurredAt: string, principal: string | null, department: string | null, purpose: string | null, system: string, fields: Array<string>, agreementIds: Array<string>, flagged: boolean, problems: Array<string> }> };

export type ConsoleConnectorVersionFragment = { connectorId: string, version: number, department: string, state: ConnectorVersionState, submittedBy: string, submittedAt: string, activatedAt: string | null, report: { ok: boolean, checkedAt: string, ran: Array<string>, findings: Array<{ check: string, severity: string, path: string | null, message: string, operations: Array<string> | null }> } };

export type ConsoleRegisteredConnectorsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleRegisteredConnectorsQuery = { registeredConnectors: Array<{ connectorId: string, version: number, department: string, state: ConnectorVersionState, submittedBy: string, submittedAt: string, activatedAt: string | null, report: { ok: boolean, checkedAt: string, ran: Array<string>, findings: Array<{ check: string, severity: string, path: string | null, message: string, operations: Array<string> | null }> } }> };

export type ConsoleConnectorVersionsQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleConnectorVersionsQuery = { registeredConnector: Array<{ connectorId: string, version: number, department: string, state: ConnectorVersionState, submittedBy: string, submittedAt: string, activatedAt: string | null, report: { ok: boolean, checkedAt: string, ran: Array<string>, findings: Array<{ check: string, severity: string, path: string | null, message: string, operations: Array<string> | null }> } }> };

export type ConsoleRegisterConnectorMutationVariables = Exact<{
  manifest: string;
}>;


export type ConsoleRegisterConnectorMutation = { registerConnector: { connectorId: string, version: number, department: string, state: ConnectorVersionState, submittedBy: string, submittedAt: string, activatedAt: string | null, report: { ok: boolean, checkedAt: string, ran: Array<string>, findings: Array<{ check: string, severity: string, path: string | null, message: string, operations: Array<string> | null }> } } };

export type ConsoleActivateConnectorMutationVariables = Exact<{
  id: string | number;
  version?: number | null | undefined;
}>;


export type ConsoleActivateConnectorMutation = { activateConnector: { connectorId: string, version: number, department: string, state: ConnectorVersionState, submittedBy: string, submittedAt: string, activatedAt: string | null, report: { ok: boolean, checkedAt: string, ran: Array<string>, findings: Array<{ check: string, severity: string, path: string | null, message: string, operations: Array<string> | null }> } } };

export type ConsoleRollbackConnectorMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleRollbackConnectorMutation = { rollbackConnector: { connectorId: string, version: number, department: string, state: ConnectorVersionState, submittedBy: string, submittedAt: string, activatedAt: string | null, report: { ok: boolean, checkedAt: string, ran: Array<string>, findings: Array<{ check: string, severity: string, path: string | null, message: string, operations: Array<string> | null }> } } };

export type ConsoleAgreementFragment = { id: string, requesterDepartment: string, providerDepartment: string, typeName: string, fields: Array<string>, purpose: string, validFrom: string, validUntil: string, status: AgreementStatus, reason: string, requestedAt: string, decisionNote: string | null, revocationReason: string | null };

export type ConsoleAgreementsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleAgreementsQuery = { agreements: Array<{ id: string, requesterDepartment: string, providerDepartment: string, typeName: string, fields: Array<string>, purpose: string, validFrom: string, validUntil: string, status: AgreementStatus, reason: string, requestedAt: string, decisionNote: string | null, revocationReason: string | null }> };

export type ConsoleRequestAgreementMutationVariables = Exact<{
  input: AgreementRequestInput;
}>;


export type ConsoleRequestAgreementMutation = { requestAgreement: { id: string, requesterDepartment: string, providerDepartment: string, typeName: string, fields: Array<string>, purpose: string, validFrom: string, validUntil: string, status: AgreementStatus, reason: string, requestedAt: string, decisionNote: string | null, revocationReason: string | null } };

export type ConsoleApproveAgreementMutationVariables = Exact<{
  id: string | number;
  note?: string | null | undefined;
}>;


export type ConsoleApproveAgreementMutation = { approveAgreement: { id: string, requesterDepartment: string, providerDepartment: string, typeName: string, fields: Array<string>, purpose: string, validFrom: string, validUntil: string, status: AgreementStatus, reason: string, requestedAt: string, decisionNote: string | null, revocationReason: string | null } };

export type ConsoleRejectAgreementMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type ConsoleRejectAgreementMutation = { rejectAgreement: { id: string, requesterDepartment: string, providerDepartment: string, typeName: string, fields: Array<string>, purpose: string, validFrom: string, validUntil: string, status: AgreementStatus, reason: string, requestedAt: string, decisionNote: string | null, revocationReason: string | null } };

export type ConsoleRevokeAgreementMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type ConsoleRevokeAgreementMutation = { revokeAgreement: { id: string, requesterDepartment: string, providerDepartment: string, typeName: string, fields: Array<string>, purpose: string, validFrom: string, validUntil: string, status: AgreementStatus, reason: string, requestedAt: string, decisionNote: string | null, revocationReason: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ConsoleConnectorVersionFragmentDoc = new TypedDocumentString(`
    fragment ConsoleConnectorVersion on ConnectorVersion {
  connectorId
  version
  department
  state
  submittedBy
  submittedAt
  activatedAt
  report {
    ok
    checkedAt
    ran
    findings {
      check
      severity
      path
      message
      operations
    }
  }
}
    `, {"fragmentName":"ConsoleConnectorVersion"}) as unknown as TypedDocumentString<ConsoleConnectorVersionFragment, unknown>;
export const ConsoleAgreementFragmentDoc = new TypedDocumentString(`
    fragment ConsoleAgreement on Agreement {
  id
  requesterDepartment
  providerDepartment
  typeName
  fields
  purpose
  validFrom
  validUntil
  status
  reason
  requestedAt
  decisionNote
  revocationReason
}
    `, {"fragmentName":"ConsoleAgreement"}) as unknown as TypedDocumentString<ConsoleAgreementFragment, unknown>;
export const ConsoleAuditEntriesDocument = new TypedDocumentString(`
    query ConsoleAuditEntries($filter: AuditEntryFilter, $first: Int, $after: String) {
  auditEntries(filter: $filter, first: $first, after: $after) {
    nodes {
      seq
      occurredAt
      requestId
      principal
      department
      purpose
      operationName
      outcome
      errorCode
      prevHash
      hash
      sources {
        system
        fieldsRead
        rowsReturned
        personalKeys
        fieldsMasked
        fieldsDenied
        agreementIds
        outcome
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleAuditEntriesQuery, ConsoleAuditEntriesQueryVariables>;
export const ConsoleAuditVerifyDocument = new TypedDocumentString(`
    query ConsoleAuditVerify {
  auditVerify {
    ok
    entriesChecked
    last {
      seq
      hash
    }
    firstBrokenSeq
    reason
    message
  }
}
    `) as unknown as TypedDocumentString<ConsoleAuditVerifyQuery, ConsoleAuditVerifyQueryVariables>;
export const ConsoleAccessesByDepartmentDocument = new TypedDocumentString(`
    query ConsoleAccessesByDepartment($from: String!, $to: String!) {
  auditReportAccessesByDepartmentAndPurpose(from: $from, to: $to) {
    department
    purpose
    accesses
    denied
    failed
    principals
    personalRecords
  }
}
    `) as unknown as TypedDocumentString<ConsoleAccessesByDepartmentQuery, ConsoleAccessesByDepartmentQueryVariables>;
export const ConsoleOutOfHoursDocument = new TypedDocumentString(`
    query ConsoleOutOfHours($from: String!, $to: String!) {
  auditReportOutOfHours(from: $from, to: $to) {
    seq
    occurredAt
    localTime
    principal
    department
    purpose
    operationName
    outcome
    personalRecords
  }
}
    `) as unknown as TypedDocumentString<ConsoleOutOfHoursQuery, ConsoleOutOfHoursQueryVariables>;
export const ConsoleUnusualPersonalReadsDocument = new TypedDocumentString(`
    query ConsoleUnusualPersonalReads($from: String!, $to: String!) {
  auditReportUnusualPersonalReads(from: $from, to: $to) {
    principal
    department
    day
    personalRecords
    historyMedian
    historyDays
  }
}
    `) as unknown as TypedDocumentString<ConsoleUnusualPersonalReadsQuery, ConsoleUnusualPersonalReadsQueryVariables>;
export const ConsoleConditionalFieldUseDocument = new TypedDocumentString(`
    query ConsoleConditionalFieldUse($from: String!, $to: String!) {
  auditReportConditionalFieldUse(from: $from, to: $to) {
    seq
    occurredAt
    principal
    department
    purpose
    system
    fields
    agreementIds
    flagged
    problems
  }
}
    `) as unknown as TypedDocumentString<ConsoleConditionalFieldUseQuery, ConsoleConditionalFieldUseQueryVariables>;
export const ConsoleRegisteredConnectorsDocument = new TypedDocumentString(`
    query ConsoleRegisteredConnectors {
  registeredConnectors {
    ...ConsoleConnectorVersion
  }
}
    fragment ConsoleConnectorVersion on ConnectorVersion {
  connectorId
  version
  department
  state
  submittedBy
  submittedAt
  activatedAt
  report {
    ok
    checkedAt
    ran
    findings {
      check
      severity
      path
      message
      operations
    }
  }
}`) as unknown as TypedDocumentString<ConsoleRegisteredConnectorsQuery, ConsoleRegisteredConnectorsQueryVariables>;
export const ConsoleConnectorVersionsDocument = new TypedDocumentString(`
    query ConsoleConnectorVersions($id: ID!) {
  registeredConnector(id: $id) {
    ...ConsoleConnectorVersion
  }
}
    fragment ConsoleConnectorVersion on ConnectorVersion {
  connectorId
  version
  department
  state
  submittedBy
  submittedAt
  activatedAt
  report {
    ok
    checkedAt
    ran
    findings {
      check
      severity
      path
      message
      operations
    }
  }
}`) as unknown as TypedDocumentString<ConsoleConnectorVersionsQuery, ConsoleConnectorVersionsQueryVariables>;
export const ConsoleRegisterConnectorDocument = new TypedDocumentString(`
    mutation ConsoleRegisterConnector($manifest: String!) {
  registerConnector(manifest: $manifest) {
    ...ConsoleConnectorVersion
  }
}
    fragment ConsoleConnectorVersion on ConnectorVersion {
  connectorId
  version
  department
  state
  submittedBy
  submittedAt
  activatedAt
  report {
    ok
    checkedAt
    ran
    findings {
      check
      severity
      path
      message
      operations
    }
  }
}`) as unknown as TypedDocumentString<ConsoleRegisterConnectorMutation, ConsoleRegisterConnectorMutationVariables>;
export const ConsoleActivateConnectorDocument = new TypedDocumentString(`
    mutation ConsoleActivateConnector($id: ID!, $version: Int) {
  activateConnector(id: $id, version: $version) {
    ...ConsoleConnectorVersion
  }
}
    fragment ConsoleConnectorVersion on ConnectorVersion {
  connectorId
  version
  department
  state
  submittedBy
  submittedAt
  activatedAt
  report {
    ok
    checkedAt
    ran
    findings {
      check
      severity
      path
      message
      operations
    }
  }
}`) as unknown as TypedDocumentString<ConsoleActivateConnectorMutation, ConsoleActivateConnectorMutationVariables>;
export const ConsoleRollbackConnectorDocument = new TypedDocumentString(`
    mutation ConsoleRollbackConnector($id: ID!) {
  rollbackConnector(id: $id) {
    ...ConsoleConnectorVersion
  }
}
    fragment ConsoleConnectorVersion on ConnectorVersion {
  connectorId
  version
  department
  state
  submittedBy
  submittedAt
  activatedAt
  report {
    ok
    checkedAt
    ran
    findings {
      check
      severity
      path
      message
      operations
    }
  }
}`) as unknown as TypedDocumentString<ConsoleRollbackConnectorMutation, ConsoleRollbackConnectorMutationVariables>;
export const ConsoleAgreementsDocument = new TypedDocumentString(`
    query ConsoleAgreements {
  agreements {
    ...ConsoleAgreement
  }
}
    fragment ConsoleAgreement on Agreement {
  id
  requesterDepartment
  providerDepartment
  typeName
  fields
  purpose
  validFrom
  validUntil
  status
  reason
  requestedAt
  decisionNote
  revocationReason
}`) as unknown as TypedDocumentString<ConsoleAgreementsQuery, ConsoleAgreementsQueryVariables>;
export const ConsoleRequestAgreementDocument = new TypedDocumentString(`
    mutation ConsoleRequestAgreement($input: AgreementRequestInput!) {
  requestAgreement(input: $input) {
    ...ConsoleAgreement
  }
}
    fragment ConsoleAgreement on Agreement {
  id
  requesterDepartment
  providerDepartment
  typeName
  fields
  purpose
  validFrom
  validUntil
  status
  reason
  requestedAt
  decisionNote
  revocationReason
}`) as unknown as TypedDocumentString<ConsoleRequestAgreementMutation, ConsoleRequestAgreementMutationVariables>;
export const ConsoleApproveAgreementDocument = new TypedDocumentString(`
    mutation ConsoleApproveAgreement($id: ID!, $note: String) {
  approveAgreement(id: $id, note: $note) {
    ...ConsoleAgreement
  }
}
    fragment ConsoleAgreement on Agreement {
  id
  requesterDepartment
  providerDepartment
  typeName
  fields
  purpose
  validFrom
  validUntil
  status
  reason
  requestedAt
  decisionNote
  revocationReason
}`) as unknown as TypedDocumentString<ConsoleApproveAgreementMutation, ConsoleApproveAgreementMutationVariables>;
export const ConsoleRejectAgreementDocument = new TypedDocumentString(`
    mutation ConsoleRejectAgreement($id: ID!, $reason: String!) {
  rejectAgreement(id: $id, reason: $reason) {
    ...ConsoleAgreement
  }
}
    fragment ConsoleAgreement on Agreement {
  id
  requesterDepartment
  providerDepartment
  typeName
  fields
  purpose
  validFrom
  validUntil
  status
  reason
  requestedAt
  decisionNote
  revocationReason
}`) as unknown as TypedDocumentString<ConsoleRejectAgreementMutation, ConsoleRejectAgreementMutationVariables>;
export const ConsoleRevokeAgreementDocument = new TypedDocumentString(`
    mutation ConsoleRevokeAgreement($id: ID!, $reason: String!) {
  revokeAgreement(id: $id, reason: $reason) {
    ...ConsoleAgreement
  }
}
    fragment ConsoleAgreement on Agreement {
  id
  requesterDepartment
  providerDepartment
  typeName
  fields
  purpose
  validFrom
  validUntil
  status
  reason
  requestedAt
  decisionNote
  revocationReason
}`) as unknown as TypedDocumentString<ConsoleRevokeAgreementMutation, ConsoleRevokeAgreementMutationVariables>;