/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleAuditEntries($filter: AuditEntryFilter, $first: Int, $after: String) {\n    auditEntries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        seq occurredAt requestId principal department purpose operationName outcome errorCode prevHash hash\n        sources { system fieldsRead rowsReturned personalKeys fieldsMasked fieldsDenied agreementIds outcome }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleAuditEntriesDocument,
    "\n  query ConsoleAuditVerify {\n    auditVerify { ok entriesChecked last { seq hash } firstBrokenSeq reason message }\n  }\n": typeof types.ConsoleAuditVerifyDocument,
    "\n  query ConsoleAccessesByDepartment($from: String!, $to: String!) {\n    auditReportAccessesByDepartmentAndPurpose(from: $from, to: $to) { department purpose accesses denied failed principals personalRecords }\n  }\n": typeof types.ConsoleAccessesByDepartmentDocument,
    "\n  query ConsoleOutOfHours($from: String!, $to: String!) {\n    auditReportOutOfHours(from: $from, to: $to) { seq occurredAt localTime principal department purpose operationName outcome personalRecords }\n  }\n": typeof types.ConsoleOutOfHoursDocument,
    "\n  query ConsoleUnusualPersonalReads($from: String!, $to: String!) {\n    auditReportUnusualPersonalReads(from: $from, to: $to) { principal department day personalRecords historyMedian historyDays }\n  }\n": typeof types.ConsoleUnusualPersonalReadsDocument,
    "\n  query ConsoleConditionalFieldUse($from: String!, $to: String!) {\n    auditReportConditionalFieldUse(from: $from, to: $to) { seq occurredAt principal department purpose system fields agreementIds flagged problems }\n  }\n": typeof types.ConsoleConditionalFieldUseDocument,
    "\n  fragment ConsoleConnectorVersion on ConnectorVersion {\n    connectorId version department state submittedBy submittedAt activatedAt\n    report { ok checkedAt ran findings { check severity path message operations } }\n  }\n": typeof types.ConsoleConnectorVersionFragmentDoc,
    "\n  query ConsoleRegisteredConnectors { registeredConnectors { ...ConsoleConnectorVersion } }\n": typeof types.ConsoleRegisteredConnectorsDocument,
    "\n  query ConsoleConnectorVersions($id: ID!) { registeredConnector(id: $id) { ...ConsoleConnectorVersion } }\n": typeof types.ConsoleConnectorVersionsDocument,
    "\n  mutation ConsoleRegisterConnector($manifest: String!) { registerConnector(manifest: $manifest) { ...ConsoleConnectorVersion } }\n": typeof types.ConsoleRegisterConnectorDocument,
    "\n  mutation ConsoleActivateConnector($id: ID!, $version: Int) { activateConnector(id: $id, version: $version) { ...ConsoleConnectorVersion } }\n": typeof types.ConsoleActivateConnectorDocument,
    "\n  mutation ConsoleRollbackConnector($id: ID!) { rollbackConnector(id: $id) { ...ConsoleConnectorVersion } }\n": typeof types.ConsoleRollbackConnectorDocument,
    "\n  fragment ConsoleAgreement on Agreement {\n    id requesterDepartment providerDepartment typeName fields purpose validFrom validUntil status reason requestedAt decisionNote revocationReason\n  }\n": typeof types.ConsoleAgreementFragmentDoc,
    "\n  query ConsoleAgreements { agreements { ...ConsoleAgreement } }\n": typeof types.ConsoleAgreementsDocument,
    "\n  mutation ConsoleRequestAgreement($input: AgreementRequestInput!) { requestAgreement(input: $input) { ...ConsoleAgreement } }\n": typeof types.ConsoleRequestAgreementDocument,
    "\n  mutation ConsoleApproveAgreement($id: ID!, $note: String) { approveAgreement(id: $id, note: $note) { ...ConsoleAgreement } }\n": typeof types.ConsoleApproveAgreementDocument,
    "\n  mutation ConsoleRejectAgreement($id: ID!, $reason: String!) { rejectAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }\n": typeof types.ConsoleRejectAgreementDocument,
    "\n  mutation ConsoleRevokeAgreement($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }\n": typeof types.ConsoleRevokeAgreementDocument,
};
const documents: Documents = {
    "\n  query ConsoleAuditEntries($filter: AuditEntryFilter, $first: Int, $after: String) {\n    auditEntries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        seq occurredAt requestId principal department purpose operationName outcome errorCode prevHash hash\n        sources { system fieldsRead rowsReturned personalKeys fieldsMasked fieldsDenied agreementIds outcome }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleAuditEntriesDocument,
    "\n  query ConsoleAuditVerify {\n    auditVerify { ok entriesChecked last { seq hash } firstBrokenSeq reason message }\n  }\n": types.ConsoleAuditVerifyDocument,
    "\n  query ConsoleAccessesByDepartment($from: String!, $to: String!) {\n    auditReportAccessesByDepartmentAndPurpose(from: $from, to: $to) { department purpose accesses denied failed principals personalRecords }\n  }\n": types.ConsoleAccessesByDepartmentDocument,
    "\n  query ConsoleOutOfHours($from: String!, $to: String!) {\n    auditReportOutOfHours(from: $from, to: $to) { seq occurredAt localTime principal department purpose operationName outcome personalRecords }\n  }\n": types.ConsoleOutOfHoursDocument,
    "\n  query ConsoleUnusualPersonalReads($from: String!, $to: String!) {\n    auditReportUnusualPersonalReads(from: $from, to: $to) { principal department day personalRecords historyMedian historyDays }\n  }\n": types.ConsoleUnusualPersonalReadsDocument,
    "\n  query ConsoleConditionalFieldUse($from: String!, $to: String!) {\n    auditReportConditionalFieldUse(from: $from, to: $to) { seq occurredAt principal department purpose system fields agreementIds flagged problems }\n  }\n": types.ConsoleConditionalFieldUseDocument,
    "\n  fragment ConsoleConnectorVersion on ConnectorVersion {\n    connectorId version department state submittedBy submittedAt activatedAt\n    report { ok checkedAt ran findings { check severity path message operations } }\n  }\n": types.ConsoleConnectorVersionFragmentDoc,
    "\n  query ConsoleRegisteredConnectors { registeredConnectors { ...ConsoleConnectorVersion } }\n": types.ConsoleRegisteredConnectorsDocument,
    "\n  query ConsoleConnectorVersions($id: ID!) { registeredConnector(id: $id) { ...ConsoleConnectorVersion } }\n": types.ConsoleConnectorVersionsDocument,
    "\n  mutation ConsoleRegisterConnector($manifest: String!) { registerConnector(manifest: $manifest) { ...ConsoleConnectorVersion } }\n": types.ConsoleRegisterConnectorDocument,
    "\n  mutation ConsoleActivateConnector($id: ID!, $version: Int) { activateConnector(id: $id, version: $version) { ...ConsoleConnectorVersion } }\n": types.ConsoleActivateConnectorDocument,
    "\n  mutation ConsoleRollbackConnector($id: ID!) { rollbackConnector(id: $id) { ...ConsoleConnectorVersion } }\n": types.ConsoleRollbackConnectorDocument,
    "\n  fragment ConsoleAgreement on Agreement {\n    id requesterDepartment providerDepartment typeName fields purpose validFrom validUntil status reason requestedAt decisionNote revocationReason\n  }\n": types.ConsoleAgreementFragmentDoc,
    "\n  query ConsoleAgreements { agreements { ...ConsoleAgreement } }\n": types.ConsoleAgreementsDocument,
    "\n  mutation ConsoleRequestAgreement($input: AgreementRequestInput!) { requestAgreement(input: $input) { ...ConsoleAgreement } }\n": types.ConsoleRequestAgreementDocument,
    "\n  mutation ConsoleApproveAgreement($id: ID!, $note: String) { approveAgreement(id: $id, note: $note) { ...ConsoleAgreement } }\n": types.ConsoleApproveAgreementDocument,
    "\n  mutation ConsoleRejectAgreement($id: ID!, $reason: String!) { rejectAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }\n": types.ConsoleRejectAgreementDocument,
    "\n  mutation ConsoleRevokeAgreement($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }\n": types.ConsoleRevokeAgreementDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditEntries($filter: AuditEntryFilter, $first: Int, $after: String) {\n    auditEntries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        seq occurredAt requestId principal department purpose operationName outcome errorCode prevHash hash\n        sources { system fieldsRead rowsReturned personalKeys fieldsMasked fieldsDenied agreementIds outcome }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ConsoleAuditEntriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditVerify {\n    auditVerify { ok entriesChecked last { seq hash } firstBrokenSeq reason message }\n  }\n"): typeof import('./graphql').ConsoleAuditVerifyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAccessesByDepartment($from: String!, $to: String!) {\n    auditReportAccessesByDepartmentAndPurpose(from: $from, to: $to) { department purpose accesses denied failed principals personalRecords }\n  }\n"): typeof import('./graphql').ConsoleAccessesByDepartmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOutOfHours($from: String!, $to: String!) {\n    auditReportOutOfHours(from: $from, to: $to) { seq occurredAt localTime principal department purpose operationName outcome personalRecords }\n  }\n"): typeof import('./graphql').ConsoleOutOfHoursDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleUnusualPersonalReads($from: String!, $to: String!) {\n    auditReportUnusualPersonalReads(from: $from, to: $to) { principal department day personalRecords historyMedian historyDays }\n  }\n"): typeof import('./graphql').ConsoleUnusualPersonalReadsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleConditionalFieldUse($from: String!, $to: String!) {\n    auditReportConditionalFieldUse(from: $from, to: $to) { seq occurredAt principal department purpose system fields agreementIds flagged problems }\n  }\n"): typeof import('./graphql').ConsoleConditionalFieldUseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleConnectorVersion on ConnectorVersion {\n    connectorId version department state submittedBy submittedAt activatedAt\n    report { ok checkedAt ran findings { check severity path message operations } }\n  }\n"): typeof import('./graphql').ConsoleConnectorVersionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRegisteredConnectors { registeredConnectors { ...ConsoleConnectorVersion } }\n"): typeof import('./graphql').ConsoleRegisteredConnectorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleConnectorVersions($id: ID!) { registeredConnector(id: $id) { ...ConsoleConnectorVersion } }\n"): typeof import('./graphql').ConsoleConnectorVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRegisterConnector($manifest: String!) { registerConnector(manifest: $manifest) { ...ConsoleConnectorVersion } }\n"): typeof import('./graphql').ConsoleRegisterConnectorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleActivateConnector($id: ID!, $version: Int) { activateConnector(id: $id, version: $version) { ...ConsoleConnectorVersion } }\n"): typeof import('./graphql').ConsoleActivateConnectorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRollbackConnector($id: ID!) { rollbackConnector(id: $id) { ...ConsoleConnectorVersion } }\n"): typeof import('./graphql').ConsoleRollbackConnectorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleAgreement on Agreement {\n    id requesterDepartment providerDepartment typeName fields purpose validFrom validUntil status reason requestedAt decisionNote revocationReason\n  }\n"): typeof import('./graphql').ConsoleAgreementFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAgreements { agreements { ...ConsoleAgreement } }\n"): typeof import('./graphql').ConsoleAgreementsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRequestAgreement($input: AgreementRequestInput!) { requestAgreement(input: $input) { ...ConsoleAgreement } }\n"): typeof import('./graphql').ConsoleRequestAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleApproveAgreement($id: ID!, $note: String) { approveAgreement(id: $id, note: $note) { ...ConsoleAgreement } }\n"): typeof import('./graphql').ConsoleApproveAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRejectAgreement($id: ID!, $reason: String!) { rejectAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }\n"): typeof import('./graphql').ConsoleRejectAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRevokeAgreement($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }\n"): typeof import('./graphql').ConsoleRevokeAgreementDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
