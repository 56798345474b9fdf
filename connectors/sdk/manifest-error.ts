import { GatewayError } from '../../schema/index.ts';

/** One thing wrong with a manifest: where (a dotted path) and what. */
export interface ManifestIssue {
  readonly path: string;
  readonly message: string;
  /** Where the path is in the manifest document (1-based), when it was read from a JSON or YAML document. */
  readonly line?: number;
  /** The column of {@link line} (1-based). */
  readonly column?: number;
}

/** Options of {@link ManifestError}. */
export interface ManifestErrorOptions {
  /** The manifest document the issues were found in, such as `farm-subsidies.yaml`. @default none */
  readonly file?: string;
}

/**
 * A connector manifest was refused at registration. The message names the connector (when
 * known) and every offending path, such as `catalogue.ElderlyResident.fields.phone.sensitivity`,
 * and for a manifest read from a document its file and each path's line and column:
 * `Invalid manifest "farm-subsidies" in farm.yaml: catalogue.Farm.key at 7:10: names …`.
 */
export class ManifestError extends GatewayError {
  override readonly name: string = 'ManifestError';
  readonly issues: readonly ManifestIssue[];
  /** The manifest document, when the manifest was read from one. */
  readonly file?: string;

  constructor(connectorId: string | undefined, issues: readonly ManifestIssue[], options: ManifestErrorOptions = {}) {
    const who = (connectorId ? `manifest "${connectorId}"` : 'manifest') + (options.file ? ` in ${options.file}` : '');
    const lines = issues.map((issue) => {
      const at = issue.line !== undefined ? ` at ${issue.line}:${issue.column ?? 1}` : '';
      return `${issue.path || '(root)'}${at}: ${issue.message}`;
    });
    super(`Invalid ${who}: ${lines.join('; ')}`, 'INVALID_MANIFEST', 400, {
      extensions: { connector: connectorId, issues, ...(options.file ? { file: options.file } : {}) },
    });
    this.issues = issues;
    if (options.file) this.file = options.file;
  }
}
