import { createHash, randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { canonicalJson, PURPOSE_HEADER, resolvePurpose, type AuditLog, type AuditOutcome, type IdentityVerifier, type Principal } from '../../governance/index.ts';
import { isGatewayError } from '../../schema/index.ts';
import { isAuditor } from '../governance/request-governance.ts';
import { AUDIT_LOG_SYSTEM } from './audit-api.ts';
import { AUDIT_EXPORT_FORMATS, auditExport, periodProblem, type AuditExportFormat, type AuditExportPeriod } from './audit-export.ts';

/** Where auditors download an export of the audit log. */
export const AUDIT_EXPORT_PATH = '/audit/export';

/** The operation name the audit entry of a download carries. */
export const AUDIT_EXPORT_OPERATION = 'auditExport';

/** Options of {@link useAuditExport}. */
export interface AuditExportEndpointOptions {
  readonly log: AuditLog;
  /** The hub's identity verifier: the download takes an auditor's bearer token. */
  readonly verifier: IdentityVerifier;
}

const CONTENT_TYPES: Readonly<Record<AuditExportFormat, string>> = {
  evidence: 'application/jsonl; charset=utf-8',
  jsonl: 'application/jsonl; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

const PARAMETERS: ReadonlySet<string> = new Set(['format', 'from', 'to']);

/**
 * Serves `GET /audit/export?format=evidence|jsonl|csv[&from=…&to=…]` to auditors: the file
 * `cityhub audit export --format <format>` writes (the same `auditExport`), streamed from the
 * store as an attachment. `evidence` (the default) first checkpoints the whole log, then
 * holds every checkpoint and proof, and passes `cityhub audit verify-export` with only the
 * hub's public key; `from` / `to` (ISO 8601, `to` excluded) select a period of a `jsonl` or
 * `csv` export only.
 *
 * It takes the bearer token and `x-cityhub-purpose` header of the GraphQL API: no token or
 * an invalid one is 401, a principal without the `auditor` role or a purpose it may not
 * declare is 403, a bad parameter is 400 naming it, each `{ "error": "…" }`. Every request
 * is appended to the log before its answer leaves (fail closed: 503 when it cannot be), as a
 * read of the log itself (system `cityhub.audit-log`, field `GET /audit/export`), denied or
 * not, like a read of the auditors' GraphQL API; an export that then cannot be written (an
 * evidence export on a hub without a signing key) is 503 with a second entry of the request,
 * `error` / `EXPORT_UNAVAILABLE`.
 *
 * ```ts
 * createYoga({ plugins: [useAuditExport({ log, verifier })] });
 * ```
 */
export function useAuditExport(options: AuditExportEndpointOptions): Plugin {
  if (typeof options?.log?.exportEvidence !== 'function') throw new TypeError(`log must be an AuditLog, received ${String(options?.log)}`);
  if (typeof options.verifier?.authenticate !== 'function') throw new TypeError(`verifier must be an IdentityVerifier, received ${String(options.verifier)}`);
  const { log, verifier } = options;
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== AUDIT_EXPORT_PATH) return;
      const started = performance.now();
      const occurredAt = new Date();
      const Response = fetchAPI.Response;
      if (request.method !== 'GET') {
        endResponse(Response.json({ error: `${request.method} ${AUDIT_EXPORT_PATH}: use GET` }, { status: 405, headers: { allow: 'GET' } }));
        return;
      }
      let principal: Principal | undefined;
      let purpose: string | null = null;
      const requestId = randomUUID();
      const record = (outcome: AuditOutcome, errorCode: string | null) =>
        log.append({
          requestId,
          occurredAt,
          principal: principal?.subject ?? null,
          department: principal?.department || null,
          purpose,
          operationName: AUDIT_EXPORT_OPERATION,
          operationHash: createHash('sha256').update(`GET ${AUDIT_EXPORT_PATH}\n`).update(canonicalJson(Object.fromEntries(url.searchParams))).digest('hex'),
          outcome,
          errorCode,
          latencyMs: performance.now() - started,
          sources: [
            {
              system: AUDIT_LOG_SYSTEM,
              fieldsRead: [`GET ${AUDIT_EXPORT_PATH}`],
              rowsReturned: 0,
              personalKeys: [],
              rowsFiltered: 0,
              fieldsMasked: [],
              fieldsDenied: outcome === 'denied' ? [`GET ${AUDIT_EXPORT_PATH}`] : [],
              conditionalFields: [],
              agreementIds: [],
              outcome,
              latencyMs: 0,
            },
          ],
        });
      const refuse = async (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => {
        try {
          await record(status === 400 ? 'error' : 'denied', code);
        } catch (error) {
          endResponse(unavailable(Response, error));
          return;
        }
        endResponse(Response.json({ error: message, code, ...extra }, { status, headers: { 'cache-control': 'no-store', ...(status === 401 ? { 'www-authenticate': 'Bearer realm="cityhub"' } : {}) } }));
      };
      if (!request.headers.get('authorization')) {
        await refuse(401, 'UNAUTHENTICATED', `${AUDIT_EXPORT_PATH} is for auditors only: send an auditor's token as "Authorization: Bearer <token>"`);
        return;
      }
      try {
        principal = await verifier.authenticate(request.headers.get('authorization'));
      } catch (error) {
        if (!isGatewayError(error)) throw error;
        await refuse(401, 'UNAUTHENTICATED', `${AUDIT_EXPORT_PATH}: ${error.message}`);
        return;
      }
      if (!isAuditor(principal)) {
        await refuse(403, 'FORBIDDEN', `${AUDIT_EXPORT_PATH} is for auditors only (the auditor role); ${principal.subject} has roles [${principal.roles.join(', ')}]`);
        return;
      }
      try {
        purpose = resolvePurpose(principal, request.headers.get(PURPOSE_HEADER));
      } catch (error) {
        if (!isGatewayError(error)) throw error;
        await refuse(403, 'FORBIDDEN', `${AUDIT_EXPORT_PATH}: ${error.message}`);
        return;
      }
      const parsed = parameters(url.searchParams);
      if ('parameter' in parsed) {
        await refuse(400, 'BAD_USER_INPUT', `${AUDIT_EXPORT_PATH}: ${parsed.message}`, { parameter: parsed.parameter });
        return;
      }
      let chunks: AsyncIterable<string>;
      try {
        // Recorded before a byte of the export leaves, so an evidence export holds its own entry.
        await record('ok', null);
      } catch (error) {
        endResponse(unavailable(Response, error));
        return;
      }
      try {
        chunks = await auditExport(log, parsed.format, parsed.period);
      } catch (error) {
        // The request's second entry says the export it recorded did not happen.
        try {
          await record('error', 'EXPORT_UNAVAILABLE');
        } catch (unrecorded) {
          endResponse(unavailable(Response, unrecorded));
          return;
        }
        endResponse(Response.json({ error: `${AUDIT_EXPORT_PATH}: ${(error as Error).message}`, code: 'EXPORT_UNAVAILABLE' }, { status: 503 }));
        return;
      }
      const name = `cityhub-audit-${occurredAt.toISOString().replace(/[:.]/g, '')}.${parsed.format === 'csv' ? 'csv' : parsed.format === 'evidence' ? 'evidence.jsonl' : 'jsonl'}`;
      const encoder = new TextEncoder();
      const iterator = chunks[Symbol.asyncIterator]();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const next = await iterator.next();
            if (next.done) controller.close();
            else controller.enqueue(encoder.encode(next.value));
          } catch (error) {
            // Headers are sent: the download ends broken, which the verifier reports.
            controller.error(error);
          }
        },
        async cancel() {
          await iterator.return?.();
        },
      });
      endResponse(
        new Response(body, {
          headers: {
            'content-type': CONTENT_TYPES[parsed.format],
            'content-disposition': `attachment; filename="${name}"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}

// Private: the query's format and period, or the parameter that is wrong and why.
function parameters(search: URLSearchParams): { format: AuditExportFormat; period: AuditExportPeriod } | { parameter: string; message: string } {
  for (const name of new Set(search.keys())) {
    if (!PARAMETERS.has(name)) return { parameter: name, message: `unknown parameter ${JSON.stringify(name)} (parameters: format, from, to)` };
    if (search.getAll(name).length > 1) return { parameter: name, message: `${name} is given ${search.getAll(name).length} times; give it once` };
  }
  const format = search.get('format') ?? 'evidence';
  if (!(AUDIT_EXPORT_FORMATS as readonly string[]).includes(format)) return { parameter: 'format', message: `format must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}, received ${JSON.stringify(format)}` };
  const period: { from?: Date; to?: Date } = {};
  for (const name of ['from', 'to'] as const) {
    const value = search.get(name);
    if (value === null) continue;
    const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) return { parameter: name, message: `${name} must be an ISO 8601 date or time such as 2026-01-31T00:00:00Z, received ${JSON.stringify(value)}` };
    period[name] = date;
  }
  const problem = periodProblem(format as AuditExportFormat, period);
  if (problem !== undefined) return { parameter: problem.bound, message: problem.message };
  return { format: format as AuditExportFormat, period };
}

// Private: the entry could not be committed, so nothing is served (fail closed).
function unavailable(Response: typeof globalThis.Response, error: unknown): Response {
  return Response.json({ error: `${AUDIT_EXPORT_PATH}: the audit log is unavailable, so nothing is exported: ${(error as Error).message}`, code: 'AUDIT_UNAVAILABLE' }, { status: 503 });
}
