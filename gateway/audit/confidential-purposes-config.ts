import { DEFAULT_CONFIDENTIAL_PURPOSES, type ConfidentialPurposes } from '../../governance/index.ts';

/**
 * Reads `CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES`: comma-separated `<purpose>=<days>` pairs
 * (`criminal-investigation=180,tax-inspection=90`), the purposes a law keeps confidential
 * from the person whose records were read and for how many days after the access. Unset or
 * empty: {@link DEFAULT_CONFIDENTIAL_PURPOSES}; `none`: no purpose is confidential. Throws a `TypeError` naming the
 * variable and the pair when one is malformed.
 *
 * ```ts
 * createAuditLog({ db, dialect, confidentialPurposes: resolveConfidentialPurposes(process.env) });
 * ```
 */
export function resolveConfidentialPurposes(env: Readonly<Record<string, string | undefined>>): ConfidentialPurposes {
  const raw = env.CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES?.trim();
  if (!raw) return DEFAULT_CONFIDENTIAL_PURPOSES;
  if (raw === 'none') return {};
  const purposes: Record<string, number> = {};
  for (const pair of raw.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^([a-z][a-z0-9-]*)=([1-9][0-9]*)$/.exec(pair);
    if (match === null) throw new TypeError(`CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES must be <purpose>=<days> pairs separated by commas (criminal-investigation=180), received ${JSON.stringify(pair)}`);
    if (Object.hasOwn(purposes, match[1]!)) throw new TypeError(`CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES names ${match[1]} twice`);
    purposes[match[1]!] = Number(match[2]);
  }
  return purposes;
}
