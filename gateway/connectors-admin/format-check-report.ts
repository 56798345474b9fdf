import type { CheckFinding, CheckReport } from './check-report.ts';

/**
 * A check report as `cityhub connectors check` prints it, like `rover subgraph check`: a
 * verdict line, one line per finding (check, severity, path with its line:column in the
 * document, message, the scenario operations it breaks), then the checks that did not run.
 *
 * ```
 * FAILED: connector "farm-subsidies" (farm-subsidies.json), 1 error, 0 warnings
 * CHECK        SEVERITY  PATH                                          MESSAGE
 * environment  error     source.endpointEnv (farm-subsidies.json:6:5)  environment variable CITYHUB_FARMS_DB is not set
 * probe        not run                                                 environment variables are missing
 * ```
 */
export function formatCheckReport(report: CheckReport): string {
  const errors = report.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const who = `connector "${report.connectorId || '(no id)'}"${report.file ? ` (${report.file})` : ''}`;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const head = `${report.ok ? 'PASSED' : 'FAILED'}: ${who}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; checked ${report.ran.join(', ')} at ${report.checkedAt}`;
  const rows: string[][] = [
    ...report.findings.map((finding) => [finding.check, finding.severity, pathOf(finding, report.file), messageOf(finding)]),
    ...(report.skipped ?? []).map((skipped) => [skipped.check, 'not run', '', skipped.reason]),
  ];
  if (rows.length === 0) return `${head}\n`;
  const table = [['CHECK', 'SEVERITY', 'PATH', 'MESSAGE'], ...rows];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  const lines = table.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd());
  return `${[head, ...lines].join('\n')}\n`;
}

function pathOf(finding: CheckFinding, file: string | undefined): string {
  const path = finding.path || (finding.check === 'manifest' ? '(root)' : '');
  if (finding.line === undefined) return path;
  return `${path} (${file ?? 'line'}:${finding.line}:${finding.column ?? 1})`;
}

function messageOf(finding: CheckFinding): string {
  return finding.operations?.length ? `${finding.message} [breaks ${finding.operations.join(', ')}]` : finding.message;
}
