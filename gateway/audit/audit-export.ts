import type { AuditLog } from '../../governance/index.ts';

/** The formats of an export of the audit log, as `cityhub audit export --format` and `GET /audit/export?format=` name them. */
export const AUDIT_EXPORT_FORMATS = ['evidence', 'jsonl', 'csv'] as const;

/** One of {@link AUDIT_EXPORT_FORMATS}. */
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** A period of entries for a `jsonl` or `csv` export: at or after `from`, before `to`. */
export interface AuditExportPeriod {
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * The chunks of an export of the log, the one implementation behind `cityhub audit export`
 * and the auditors' `GET /audit/export`:
 *
 * - `evidence`: first a signed checkpoint of the whole log (when it grew since the last), then
 *   `log.exportEvidence()`, every checkpoint with its consistency proof and every entry with
 *   its inclusion proof, which `verifyEvidenceExport` / `cityhub audit verify-export` check
 *   with only the hub's public key. It always holds the whole log: a period is refused with
 *   a `RangeError`, since entries missing from it would fail the proofs;
 * - `jsonl` / `csv`: the entries (of `period`, when given), hashes included.
 *
 * Rejects with an `Error` saying so when an evidence export is asked of a log without a
 * signing key, and with a `RangeError` for a period it cannot export (see {@link periodProblem}).
 *
 * ```ts
 * for await (const chunk of await auditExport(log, 'evidence')) out.write(chunk);
 * ```
 */
export async function auditExport(log: AuditLog, format: AuditExportFormat, period: AuditExportPeriod = {}): Promise<AsyncIterable<string>> {
  const problem = periodProblem(format, period);
  if (problem !== undefined) throw new RangeError(problem.message);
  if (format === 'evidence') {
    try {
      await log.checkpoint();
    } catch (error) {
      if (error instanceof TypeError) throw new Error('an evidence export needs the hub\'s signing key to checkpoint the whole log first; none was found', { cause: error });
      throw error;
    }
    return log.exportEvidence();
  }
  if (format === 'csv') return log.exportCsv(period);
  if (format === 'jsonl') return log.exportJsonLines(period);
  throw new TypeError(`format must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}, received ${JSON.stringify(format)}`);
}

/** What is wrong with a period for an export of `format` (the bound to name and why), or `undefined`. */
export function periodProblem(format: AuditExportFormat, period: AuditExportPeriod): { bound: 'from' | 'to'; message: string } | undefined {
  if (format === 'evidence') {
    const bound = (['from', 'to'] as const).find((name) => period[name] !== undefined);
    if (bound !== undefined) return { bound, message: `${bound}: an evidence export holds the whole log (its checkpoints prove every entry); leave out from and to, or export a period as jsonl or csv` };
  }
  if (period.from && period.to && period.from >= period.to) return { bound: 'to', message: `to (${period.to.toISOString()}) must be after from (${period.from.toISOString()})` };
  return undefined;
}
