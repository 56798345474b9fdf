/**
 * The report of `cityhub connectors check` (and of the admin API's check): what was checked
 * about a candidate connector version before it may go live, like `rover subgraph check`.
 * A check never changes what is served; the registry stores the report with the version.
 */

/** The checks a candidate goes through, in the order they run. */
export type CheckName = 'manifest' | 'environment' | 'probe' | 'composition' | 'governance' | 'breaking-changes';

export interface CheckFinding {
  readonly check: CheckName;
  /** An `error` keeps the version from being activated; a `warning` is reported only. */
  readonly severity: 'error' | 'warning';
  /** Where in the manifest (`catalogue.Resident.fields.phone`) or schema (`Resident.phone`). */
  readonly path?: string;
  readonly message: string;
  /** For a breaking change: the scenario operations in `gateway/operations/` it would break. */
  readonly operations?: readonly string[];
  /** Where `path` is in the manifest document (1-based), when the candidate was a JSON or YAML document. */
  readonly line?: number;
  /** The column of `line` (1-based). */
  readonly column?: number;
}

/** A check that did not run, and why (`--no-probe`, a failed check it depends on…). */
export interface SkippedCheck {
  readonly check: CheckName;
  readonly reason: string;
}

export interface CheckReport {
  readonly connectorId: string;
  readonly checkedAt: string;
  /** True when no finding is an error. */
  readonly ok: boolean;
  /** Which checks ran (a check after a failed `manifest` check cannot run). */
  readonly ran: readonly CheckName[];
  readonly findings: readonly CheckFinding[];
  /** The checks that did not run, in order, with the reason. */
  readonly skipped?: readonly SkippedCheck[];
  /** The manifest document checked, when the candidate was one (`farm-subsidies.json`). */
  readonly file?: string;
}
