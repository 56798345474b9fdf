import type { AuditLog } from '../../governance/index.ts';
import type { StoreProbe } from '../health.ts';

/**
 * The audit log as a store `/readyz` probes (name `audit-log`): unavailable while its store
 * does not answer, so a load balancer stops sending requests the hub would refuse with
 * `AUDIT_UNAVAILABLE`, and ready again once it answers.
 *
 * ```ts
 * useHealthEndpoints({ registry, stores: [auditStoreProbe(log)] });
 * ```
 */
export function auditStoreProbe(log: AuditLog): StoreProbe {
  return { name: 'audit-log', probe: () => log.probe() };
}
