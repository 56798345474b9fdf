import { HubError, type Viewer } from './hub.ts';

/** Where the hub serves auditors the export `cityhub audit export` writes (see gateway/audit/serve-audit-export.ts). */
export const AUDIT_EXPORT_URL = '/audit/export';

/** The export's formats: `evidence` (the whole log with its checkpoints and proofs, to verify offline), or a period as `jsonl` / `csv`. */
export type AuditExportFormat = 'evidence' | 'jsonl' | 'csv';

/** A downloaded export: its bytes and the file name the hub gave it. */
export interface AuditExportFile {
  readonly blob: Blob;
  readonly name: string;
}

/**
 * Downloads an export from the hub with the viewer's token and purpose (a link cannot send
 * them), or throws a {@link HubError} with the hub's message and status (401: the token is
 * no longer accepted; 403: not an auditor; 400: a bad parameter).
 */
export async function downloadAuditExport(viewer: Viewer, format: AuditExportFormat, period: { from?: string; to?: string } = {}): Promise<AuditExportFile> {
  const query = new URLSearchParams({ format });
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', period.to);
  const response = await fetch(`${AUDIT_EXPORT_URL}?${query}`, { headers: { authorization: `Bearer ${viewer.token}`, 'x-cityhub-purpose': viewer.purpose } });
  if (!response.ok) {
    let message = `${AUDIT_EXPORT_URL} answered HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === 'string') message = body.error;
    } catch {
      // Not JSON: the status says it.
    }
    throw new HubError(message, response.status);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `cityhub-audit.${format === 'csv' ? 'csv' : 'jsonl'}`;
  return { blob: await response.blob(), name };
}
