import { MASK_RULES } from '../../schema/index.ts';
import type { ConnectorManifest } from '../../connectors/index.ts';
import type { CheckFinding } from './check-report.ts';

/**
 * The `governance` check of a candidate's catalogue, beyond what the manifest schema already
 * requires (every field names a sharing attribute and a sensitivity, or the manifest check
 * fails):
 * - a personal field that can leave the department (sharing other than `none`) names its
 *   mask rule; without one the column policy redacts it whole (`***`), which apps cannot use;
 * - a personal field is not `open`: open data is served in the clear to anyone, token or not,
 *   so the personal-data rule could never mask it;
 * - each type's jurisdiction field is an `AdminCode`: the row policy compares administrative
 *   codes by prefix (the manifest schema still accepts `String` for older manifests).
 *
 * ```ts
 * governanceFindings(manifest); // [{ check: 'governance', severity: 'error', path: 'catalogue.Farm.fields.ownerPhone.mask', … }]
 * ```
 */
export function governanceFindings(manifest: ConnectorManifest): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const error = (path: string, message: string) => findings.push({ check: 'governance', severity: 'error', path, message });
  for (const [type, def] of Object.entries(manifest.catalogue)) {
    const jurisdiction = def.fields[def.jurisdiction];
    if (jurisdiction && jurisdiction.type !== 'AdminCode') {
      error(
        `catalogue.${type}.jurisdiction`,
        `jurisdiction field "${def.jurisdiction}" is a ${jurisdiction.type}; the row policy compares administrative codes, so it must be an AdminCode`,
      );
    }
    for (const [name, field] of Object.entries(def.fields)) {
      if (field.sensitivity !== 'personal') continue;
      const at = `catalogue.${type}.fields.${name}`;
      if (field.sharing === 'open') {
        error(`${at}.sharing`, `personal field ${type}.${name} is shared open: anyone without a token would read it in the clear`);
      }
      if (field.sharing !== 'none' && !field.mask) {
        error(
          `${at}.mask`,
          `personal field ${type}.${name} is shared ${field.sharing} but names no mask rule (one of ${MASK_RULES.join(', ')}); it would be redacted whole`,
        );
      }
    }
  }
  return findings;
}
