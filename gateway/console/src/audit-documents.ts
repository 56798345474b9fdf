import type { TypedDocument } from './hub.ts';

/** The auditors' API (gateway/audit/audit-api.ts), as the console reads it. */

export type AuditOutcome = 'ok' | 'partial' | 'error' | 'denied';

export interface AuditEntryFilter {
  principal?: string;
  department?: string;
  purpose?: string;
  from?: string;
  to?: string;
  system?: string;
  personalKey?: string;
  outcome?: AuditOutcome;
}

export interface AuditSource {
  system: string;
  fieldsRead: string[];
  rowsReturned: number;
  personalKeys: string[];
  fieldsMasked: string[];
  fieldsDenied: string[];
  agreementIds: string[];
  outcome: AuditOutcome;
}

export interface AuditEntry {
  seq: number;
  occurredAt: string;
  requestId: string;
  principal: string | null;
  department: string | null;
  purpose: string | null;
  operationName: string | null;
  outcome: AuditOutcome;
  errorCode: string | null;
  sources: AuditSource[];
  prevHash: string;
  hash: string;
}

export interface AuditEntriesResult {
  auditEntries: { nodes: AuditEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const AUDIT_ENTRIES: TypedDocument<AuditEntriesResult, { filter: AuditEntryFilter; first: number; after?: string | null }> = /* GraphQL */ `
  query ConsoleAuditEntries($filter: AuditEntryFilter, $first: Int, $after: String) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      nodes {
        seq occurredAt requestId principal department purpose operationName outcome errorCode prevHash hash
        sources { system fieldsRead rowsReturned personalKeys fieldsMasked fieldsDenied agreementIds outcome }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export interface AuditVerifyResult {
  auditVerify: { ok: boolean; entriesChecked: number; last: { seq: number; hash: string } | null; firstBrokenSeq: number | null; reason: string | null; message: string | null };
}

export const AUDIT_VERIFY: TypedDocument<AuditVerifyResult, Record<string, never>> = /* GraphQL */ `
  query ConsoleAuditVerify {
    auditVerify { ok entriesChecked last { seq hash } firstBrokenSeq reason message }
  }
`;

export interface AccessesByDepartmentResult {
  auditReportAccessesByDepartmentAndPurpose: { department: string | null; purpose: string | null; accesses: number; denied: number; failed: number; principals: number; personalRecords: number }[];
}

export const ACCESSES_BY_DEPARTMENT: TypedDocument<AccessesByDepartmentResult, { from: string; to: string }> = /* GraphQL */ `
  query ConsoleAccessesByDepartment($from: String!, $to: String!) {
    auditReportAccessesByDepartmentAndPurpose(from: $from, to: $to) { department purpose accesses denied failed principals personalRecords }
  }
`;
