import { graphql } from './gql/index.ts';
import type { AuditEntryFilter, AuditOutcome, ConsoleAuditEntriesQuery } from './gql/graphql.ts';

/**
 * The auditors' API (gateway/audit/audit-api.ts), as the console reads it. The answer and
 * variable types come from GraphQL Code Generator over the hub's whole schema
 * (`npm run codegen:console`, see gateway/console/codegen.ts).
 */

export type { AuditEntryFilter, AuditOutcome };

/** A page of the log, as {@link AUDIT_ENTRIES} answers it. */
export type AuditEntriesResult = ConsoleAuditEntriesQuery;

/** One entry of the log as the console reads it. */
export type AuditEntry = ConsoleAuditEntriesQuery['auditEntries']['nodes'][number];

export const AUDIT_ENTRIES = graphql(`
  query ConsoleAuditEntries($filter: AuditEntryFilter, $first: Int, $after: String) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      nodes {
        seq occurredAt requestId principal department purpose operationName outcome errorCode prevHash hash
        sources { system fieldsRead rowsReturned personalKeys fieldsMasked fieldsDenied agreementIds outcome }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AUDIT_VERIFY = graphql(`
  query ConsoleAuditVerify {
    auditVerify { ok entriesChecked last { seq hash } firstBrokenSeq reason message }
  }
`);

export const ACCESSES_BY_DEPARTMENT = graphql(`
  query ConsoleAccessesByDepartment($from: String!, $to: String!) {
    auditReportAccessesByDepartmentAndPurpose(from: $from, to: $to) { department purpose accesses denied failed principals personalRecords }
  }
`);

export const OUT_OF_HOURS = graphql(`
  query ConsoleOutOfHours($from: String!, $to: String!) {
    auditReportOutOfHours(from: $from, to: $to) { seq occurredAt localTime principal department purpose operationName outcome personalRecords }
  }
`);

export const UNUSUAL_PERSONAL_READS = graphql(`
  query ConsoleUnusualPersonalReads($from: String!, $to: String!) {
    auditReportUnusualPersonalReads(from: $from, to: $to) { principal department day personalRecords historyMedian historyDays }
  }
`);

export const CONDITIONAL_FIELD_USE = graphql(`
  query ConsoleConditionalFieldUse($from: String!, $to: String!) {
    auditReportConditionalFieldUse(from: $from, to: $to) { seq occurredAt principal department purpose system fields agreementIds flagged problems }
  }
`);
