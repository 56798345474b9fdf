// Identity has its own entry (governance/identity/index.ts), which loads no store.
export * from './identity/index.ts';
export { REDACTED, redact } from './masking/redacted.ts';
export { maskPhone } from './masking/mask-phone.ts';
export { maskIdNumber } from './masking/mask-id-number.ts';
export { maskName } from './masking/mask-name.ts';
export { maskAddress } from './masking/mask-address.ts';
export { DEFAULT_MASK_RULE, MASKERS, maskValue } from './masking/mask-value.ts';
export { AGREEMENT_STATUSES } from './agreements/agreement.ts';
export type { Agreement, AgreementStatus } from './agreements/agreement.ts';
export type { AgreementRequest } from './agreements/agreement-request.ts';
export { AGREEMENTS_TABLE, AGREEMENT_MIGRATIONS, AGREEMENT_MIGRATION_TABLES, migrateAgreements } from './agreements/agreement-migrations.ts';
export { agreementCovers } from './agreements/agreement-covers.ts';
export type { AgreementCoverage } from './agreements/agreement-covers.ts';
export { AGREEMENTS_CHANNEL, createAgreementStore } from './agreements/agreement-store.ts';
export { agreementRowProblem } from './agreements/malformed-agreement.ts';
export type { MalformedAgreementRow } from './agreements/malformed-agreement.ts';
export type {
  ActiveAgreementQuery,
  AgreementFilters,
  AgreementStore,
  AgreementStoreOptions,
  ApproveAgreementOptions,
  RejectAgreementOptions,
  RevokeAgreementOptions,
} from './agreements/agreement-store.ts';
export { isCityLevel, isOpenType, isRowVisible } from './policy/is-row-visible.ts';
export { rowScope } from './policy/row-scope.ts';
export type { RowScope } from './policy/row-scope.ts';
export type { FieldDecision, FieldDecisionReason, FieldEffect } from './policy/field-decision.ts';
export { decideField } from './policy/decide-field.ts';
export type { DecideFieldOptions } from './policy/decide-field.ts';
export { checkArgumentAccess } from './policy/check-argument-access.ts';
export type { CheckArgumentAccessOptions } from './policy/check-argument-access.ts';
export { createAuditLog, DEFAULT_AUDIT_BATCH_MAX_DELAY_MS, DEFAULT_AUDIT_BATCH_MAX_SIZE, DEFAULT_AUDIT_COMMIT_TIMEOUT_MS } from './audit/create-audit-log.ts';
export type { AuditCosignOptions, AuditEvidenceOptions, AuditPruneOptions, AuditPruneResult, AuditStoreHealth, AuditLog, AuditLogOptions, AuditLogVerifyOptions } from './audit/create-audit-log.ts';
export { parseRetentionDays } from './audit/audit-retention.ts';
export type { AuditPrunedPrefix } from './audit/audit-retention.ts';
export type { AuditAgreementAction, AuditAgreementActionKind, AuditCheckpoint, AuditEntry, AuditEntryInput, AuditOutcome, AuditSeqRange, AuditSourceAccess } from './audit/audit-entry.ts';
export { AUDIT_ENTRY_OPTIONAL_FIELDS } from './audit/audit-entry.ts';
export { AUDIT_MIGRATION_LOCK_TABLE, AUDIT_MIGRATION_TABLE, createAuditMigrations, migrateAuditLog } from './audit/migrate-audit-log.ts';
export type { AuditDialect, MigrateAuditLogOptions } from './audit/migrate-audit-log.ts';
export { grantAuditWriterRole } from './audit/grant-audit-writer-role.ts';
export type { GrantAuditWriterRoleOptions } from './audit/grant-audit-writer-role.ts';
export { canonicalJson } from './audit/canonical-json.ts';
export { AUDIT_GENESIS_HASH, hashAuditEntry } from './audit/hash-audit-entry.ts';
export { hashAuditOperation } from './audit/hash-audit-operation.ts';
export type { HashAuditOperationOptions } from './audit/hash-audit-operation.ts';
export { verifyAuditChain } from './audit/verify-audit-chain.ts';
export type { AuditBreakReason, AuditVerifyReport, VerifyAuditChainOptions } from './audit/verify-audit-chain.ts';
export { verifyAuditExport } from './audit/verify-audit-export.ts';
export { AUDIT_EVIDENCE_FORMAT, verifyEvidenceExport } from './audit/evidence-export.ts';
export { createNoteSigner, formatCheckpointBody, noteSignedBy, parseCheckpointBody, parseNoteVerifier, parseSignedNote } from './audit/signed-note.ts';
export type { CheckpointBody, NoteSigner, NoteVerifier, SignedNote } from './audit/signed-note.ts';
export { DEFAULT_AUDIT_CHECKPOINT_EVERY_ENTRIES, DEFAULT_AUDIT_CHECKPOINT_EVERY_MS } from './audit/audit-checkpoints.ts';
export type { AuditCheckpointOptions, AuditSignedCheckpoint } from './audit/audit-checkpoints.ts';
export type { AuditCheckpointReport, AuditConsistencyProof, AuditInclusionProof } from './audit/audit-evidence.ts';
export { auditLeafHash, merkleNodeHash, verifyConsistencyProof, verifyInclusionProof } from './audit/merkle-tree.ts';
export { DEFAULT_AUDIT_PAGE_SIZE, MAX_AUDIT_PAGE_SIZE } from './audit/search-audit-log.ts';
export { DEFAULT_CONFIDENTIAL_PURPOSES, DEFAULT_SUBJECT_REPORT_PAGE_SIZE, MAX_SUBJECT_PERSON_ID_LENGTH, MAX_SUBJECT_REPORT_PAGE_SIZE } from './audit/subject-access-report.ts';
export type { ConfidentialPurposes, SubjectAccess, SubjectAccessReport, SubjectAccessSystem, SubjectReportOptions, SubjectReportViewer } from './audit/subject-access-report.ts';
export type { AuditPage, AuditPageOptions, AuditSearchFilters } from './audit/search-audit-log.ts';
export type { AuditAgreementView, AuditPeriod, ConditionalFieldUse, ConditionalFieldUseOptions, DepartmentPurposeAccesses } from './audit/audit-reports.ts';
export type { OfficeHoursReportOptions, OutOfHoursAccess, UnusualPersonalRead, UnusualPersonalReadsOptions } from './audit/audit-reports.ts';
export { DEFAULT_OFFICE_HOURS } from './audit/office-hours.ts';
export type { OfficeHours } from './audit/office-hours.ts';
export { AUDIT_CSV_COLUMNS } from './audit/export-audit-log.ts';
export type { AuditExportOptions } from './audit/export-audit-log.ts';
export { toCsvRecord } from './audit/csv-record.ts';
