import { GatewayError } from '../../schema/index.ts';

/** One thing wrong with a manifest: where (a dotted path) and what. */
export interface ManifestIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A connector manifest was refused at registration. The message names the connector (when
 * known) and every offending path, such as `catalogue.ElderlyResident.fields.phone.sensitivity`.
 */
export class ManifestError extends GatewayError {
  override readonly name: string = 'ManifestError';
  readonly issues: readonly ManifestIssue[];

  constructor(connectorId: string | undefined, issues: readonly ManifestIssue[]) {
    const who = connectorId ? `manifest "${connectorId}"` : 'manifest';
    const lines = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`);
    super(`Invalid ${who}: ${lines.join('; ')}`, 'INVALID_MANIFEST', 400, {
      extensions: { connector: connectorId, issues },
    });
    this.issues = issues;
  }
}
