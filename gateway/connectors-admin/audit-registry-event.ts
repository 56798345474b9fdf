import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, type AuditLog, type AuditOutcome, type Principal } from '../../governance/index.ts';

/** The registry actions recorded in the audit log. */
export type RegistryAction = 'register' | 'activate' | 'rollback' | 'retire' | 'list' | 'show';

/** One registry event as {@link appendRegistryEvent} records it. */
export interface RegistryEvent {
  readonly principal: Principal;
  readonly action: RegistryAction;
  /** The connector acted on; `null` when the attempt named none (a manifest without an id, `list`). */
  readonly connectorId: string | null;
  /** The version acted on, when one was. */
  readonly version?: number;
  readonly outcome: AuditOutcome;
  /** The `extensions.code` of the refusal or error (`FORBIDDEN`, `BAD_USER_INPUT`…). @default null */
  readonly errorCode?: string | null;
  readonly startedAt: number;
}

/**
 * Appends a registry event to the audit log: the operation name is `connectors.<action>`
 * followed by the connector and version (`connectors.activate grids@2`), the operation hash
 * the SHA-256 of the canonical event, and the connector is its one source (no fields or rows
 * read), so an auditor finds every event of a connector by searching its system.
 * Rejects when the entry cannot be committed.
 */
export async function appendRegistryEvent(log: AuditLog, event: RegistryEvent): Promise<void> {
  const target = event.connectorId === null ? '' : ` ${event.connectorId}${event.version === undefined ? '' : `@${event.version}`}`;
  const latencyMs = Math.max(0, performance.now() - event.startedAt);
  await log.append({
    requestId: randomUUID(),
    principal: event.principal.subject,
    department: event.principal.department || null,
    purpose: null,
    operationName: `connectors.${event.action}${target}`,
    operationHash: createHash('sha256')
      .update(canonicalJson({ action: event.action, connectorId: event.connectorId, version: event.version ?? null }))
      .digest('hex'),
    outcome: event.outcome,
    errorCode: event.errorCode ?? null,
    latencyMs,
    sources: event.connectorId === null
      ? []
      : [{ system: event.connectorId, fieldsRead: [], rowsReturned: 0, personalKeys: [], rowsFiltered: 0, fieldsMasked: [], fieldsDenied: [], conditionalFields: [], agreementIds: [], outcome: event.outcome, latencyMs }],
  });
}
