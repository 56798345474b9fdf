import { graphql } from './gql/index.ts';
import type { AgreementStatus, ConsoleAgreementsQuery, ConsoleRegisteredConnectorsQuery } from './gql/graphql.ts';

/**
 * The connector registry's admin API (gateway/connectors-admin/registry-api.ts) and the
 * agreements API (gateway/governance/agreements-api.ts), as the console reads them; the types
 * are generated (`npm run codegen:console`).
 */

export type { AgreementStatus };

/** One registered version of a connector, as the console reads it. */
export type ConnectorVersion = ConsoleRegisteredConnectorsQuery['registeredConnectors'][number];
/** A version's check report. */
export type CheckReport = ConnectorVersion['report'];
/** One finding of a check report. */
export type CheckFinding = CheckReport['findings'][number];
/** A data-sharing agreement, as the console reads it. */
export type Agreement = ConsoleAgreementsQuery['agreements'][number];

graphql(`
  fragment ConsoleConnectorVersion on ConnectorVersion {
    connectorId version department state submittedBy submittedAt activatedAt
    report { ok checkedAt ran findings { check severity path message operations } }
  }
`);

export const REGISTERED_CONNECTORS = graphql(`
  query ConsoleRegisteredConnectors { registeredConnectors { ...ConsoleConnectorVersion } }
`);

export const CONNECTOR_VERSIONS = graphql(`
  query ConsoleConnectorVersions($id: ID!) { registeredConnector(id: $id) { ...ConsoleConnectorVersion } }
`);

export const REGISTER_CONNECTOR = graphql(`
  mutation ConsoleRegisterConnector($manifest: String!) { registerConnector(manifest: $manifest) { ...ConsoleConnectorVersion } }
`);

export const ACTIVATE_CONNECTOR = graphql(`
  mutation ConsoleActivateConnector($id: ID!, $version: Int) { activateConnector(id: $id, version: $version) { ...ConsoleConnectorVersion } }
`);

export const ROLLBACK_CONNECTOR = graphql(`
  mutation ConsoleRollbackConnector($id: ID!) { rollbackConnector(id: $id) { ...ConsoleConnectorVersion } }
`);

graphql(`
  fragment ConsoleAgreement on Agreement {
    id requesterDepartment providerDepartment typeName fields purpose validFrom validUntil status reason requestedAt decisionNote revocationReason
  }
`);

export const AGREEMENTS = graphql(`
  query ConsoleAgreements { agreements { ...ConsoleAgreement } }
`);

export const REQUEST_AGREEMENT = graphql(`
  mutation ConsoleRequestAgreement($input: AgreementRequestInput!) { requestAgreement(input: $input) { ...ConsoleAgreement } }
`);

export const APPROVE_AGREEMENT = graphql(`
  mutation ConsoleApproveAgreement($id: ID!, $note: String) { approveAgreement(id: $id, note: $note) { ...ConsoleAgreement } }
`);

export const REJECT_AGREEMENT = graphql(`
  mutation ConsoleRejectAgreement($id: ID!, $reason: String!) { rejectAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }
`);

export const REVOKE_AGREEMENT = graphql(`
  mutation ConsoleRevokeAgreement($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { ...ConsoleAgreement } }
`);
