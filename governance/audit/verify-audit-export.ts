import { AUDIT_ENTRY_FIELDS, AUDIT_ENTRY_OPTIONAL_FIELDS, type AuditEntry } from './audit-entry.ts';
import { MalformedAuditEntryError, verifyAuditChain, type AuditVerifyReport, type VerifyAuditChainOptions } from './verify-audit-chain.ts';

// A line holds every required field, and the optional ones of entry format 2 only when the entry has them.
const OPTIONAL: ReadonlySet<string> = new Set(AUDIT_ENTRY_OPTIONAL_FIELDS);
const KNOWN: ReadonlySet<string> = new Set(AUDIT_ENTRY_FIELDS);
const REQUIRED: readonly string[] = AUDIT_ENTRY_FIELDS.filter((field) => !OPTIONAL.has(field)).sort();

/**
 * Verifies a JSON Lines export (from {@link AuditLog.exportJsonLines}) without the database,
 * so that an auditor can repeat the verification outside the hub. Accepts the whole text,
 * or its lines one by one (an array, or an async iterable such as `readline`'s interface).
 * Blank lines are ignored; a line that is not an entry is reported as `malformed`.
 *
 * A full export is checked from the genesis; for a partial export pass `after`, and to
 * detect entries deleted at the end pass an `anchor` recorded earlier.
 *
 * ```ts
 * const lines = createInterface({ input: createReadStream('audit.jsonl') });
 * const report = await verifyAuditExport(lines);
 * ```
 */
export function verifyAuditExport(
  lines: string | Iterable<string> | AsyncIterable<string>,
  options: VerifyAuditChainOptions = {},
): Promise<AuditVerifyReport> {
  return verifyAuditChain(parseAuditLines(typeof lines === 'string' ? lines.split('\n') : lines), options);
}

/** Parses JSON Lines into entries, throwing `MalformedAuditEntryError` for a line that is not one. @internal */
export async function* parseAuditLines(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<AuditEntry> {
  let number = 0;
  let previousSeq: number | undefined;
  for await (const raw of lines) {
    number += 1;
    const line = raw.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new MalformedAuditEntryError(`line ${number} is not JSON`, previousSeq === undefined ? undefined : previousSeq + 1);
    }
    const problem = shapeProblem(value);
    if (problem !== undefined) {
      const seq = typeof (value as { seq?: unknown })?.seq === 'number' ? (value as { seq: number }).seq : undefined;
      throw new MalformedAuditEntryError(`line ${number} is not an audit entry: ${problem}`, seq ?? (previousSeq === undefined ? undefined : previousSeq + 1));
    }
    previousSeq = (value as AuditEntry).seq;
    yield value as AuditEntry;
  }
}

function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const keys = Object.keys(value).sort();
  const required = keys.filter((key) => !OPTIONAL.has(key));
  if (required.join() !== REQUIRED.join() || keys.some((key) => !KNOWN.has(key))) {
    return `its fields are ${keys.join(', ')}, expected ${REQUIRED.join(', ')} and optionally ${[...OPTIONAL].join(', ')}`;
  }
  const entry = value as Record<string, unknown>;
  if (!Number.isInteger(entry.seq) || (entry.seq as number) < 1) return `seq ${JSON.stringify(entry.seq)} is not a positive integer`;
  if (typeof entry.prevHash !== 'string' || typeof entry.hash !== 'string') return 'prevHash and hash must be strings';
  if (!Array.isArray(entry.sources) || !entry.sources.every((source) => typeof source === 'object' && source !== null)) {
    return 'sources must be an array of objects';
  }
  return undefined;
}
