import type { TypedDocument } from './hub.ts';

/** The connector registry's admin API (gateway/connectors-admin/registry-api.ts) and the agreements API (gateway/governance/agreements-api.ts). */

export interface CheckFinding {
  check: string;
  severity: string;
  path: string | null;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  checkedAt: string;
  ran: string[];
  findings: CheckFinding[];
}

export interface ConnectorVersion {
  connectorId: string;
  version: number;
  department: string;
  state: 'checked' | 'active' | 'retired';
  submittedBy: string;
  submittedAt: string;
  activatedAt: string | null;
  report: CheckReport;
}

const VERSION_FIELDS = 'connectorId version department state submittedBy submittedAt activatedAt report { ok checkedAt ran findings { check severity path message } }';

export const REGISTERED_CONNECTORS: TypedDocument<{ registeredConnectors: ConnectorVersion[] }, Record<string, never>> = `
  query ConsoleRegisteredConnectors { registeredConnectors { ${VERSION_FIELDS} } }
`;

export const CONNECTOR_VERSIONS: TypedDocument<{ registeredConnector: ConnectorVersion[] }, { id: string }> = `
  query ConsoleConnectorVersions($id: ID!) { registeredConnector(id: $id) { ${VERSION_FIELDS} } }
`;

export const REGISTER_CONNECTOR: TypedDocument<{ registerConnector: ConnectorVersion }, { manifest: string }> = `
  mutation ConsoleRegisterConnector($manifest: String!) { registerConnector(manifest: $manifest) { ${VERSION_FIELDS} } }
`;

export const ACTIVATE_CONNECTOR: TypedDocument<{ activateConnector: ConnectorVersion }, { id: string; version: number }> = `
  mutation ConsoleActivateConnector($id: ID!, $version: Int) { activateConnector(id: $id, version: $version) { ${VERSION_FIELDS} } }
`;

export const ROLLBACK_CONNECTOR: TypedDocument<{ rollbackConnector: ConnectorVersion }, { id: string }> = `
  mutation ConsoleRollbackConnector($id: ID!) { rollbackConnector(id: $id) { ${VERSION_FIELDS} } }
`;

export type AgreementStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'REVOKED' | 'EXPIRED';

export interface Agreement {
  id: string;
  requesterDepartment: string;
  providerDepartment: string;
  typeName: string;
  fields: string[];
  purpose: string;
  validFrom: string;
  validUntil: string;
  status: AgreementStatus;
  reason: string;
  decisionNote: string | null;
  revocationReason: string | null;
}

const AGREEMENT_FIELDS = 'id requesterDepartment providerDepartment typeName fields purpose validFrom validUntil status reason decisionNote revocationReason';

export const AGREEMENTS: TypedDocument<{ agreements: Agreement[] }, Record<string, never>> = `
  query ConsoleAgreements { agreements { ${AGREEMENT_FIELDS} } }
`;

export const APPROVE_AGREEMENT: TypedDocument<{ approveAgreement: Agreement }, { id: string; note?: string }> = `
  mutation ConsoleApproveAgreement($id: ID!, $note: String) { approveAgreement(id: $id, note: $note) { ${AGREEMENT_FIELDS} } }
`;

export const REJECT_AGREEMENT: TypedDocument<{ rejectAgreement: Agreement }, { id: string; reason: string }> = `
  mutation ConsoleRejectAgreement($id: ID!, $reason: String!) { rejectAgreement(id: $id, reason: $reason) { ${AGREEMENT_FIELDS} } }
`;

export const REVOKE_AGREEMENT: TypedDocument<{ revokeAgreement: Agreement }, { id: string; reason: string }> = `
  mutation ConsoleRevokeAgreement($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { ${AGREEMENT_FIELDS} } }
`;
