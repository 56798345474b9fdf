import type { AuditLog } from '../../governance/index.ts';
import type { HubMetrics } from './metrics.ts';

/**
 * The audit log as the hub's plugins append to it: each `append` is timed from the call to
 * its commit (or failure) and counted among the appends awaiting their commit meanwhile
 * (`cityhub_audit_append_duration_seconds`, `cityhub_audit_append_queue_depth`). Every other
 * member is the log's own.
 *
 * A Proxy rather than a copy: the log keeps its state in `#private` fields, so its methods
 * must run with the log itself as `this`.
 *
 * ```ts
 * useAudit({ log: instrumentAuditLog(log, metrics), manifests });
 * ```
 */
export function instrumentAuditLog(log: AuditLog, metrics: Pick<HubMetrics, 'startAuditAppend'>): AuditLog {
  const append: AuditLog['append'] = async (input) => {
    const done = metrics.startAuditAppend();
    try {
      const entry = await log.append(input);
      done('ok');
      return entry;
    } catch (error) {
      done('error');
      throw error;
    }
  };
  return new Proxy(log, {
    get(target, property) {
      if (property === 'append') return append;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
