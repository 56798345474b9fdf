import { describe, expect, it } from 'vitest';
import * as governance from '../../../governance/index.ts';

describe('governance/index.ts audit exports', () => {
  it('exposes the audit log, its migrations, verification and helpers', () => {
    for (const name of [
      'createAuditLog',
      'migrateAuditLog',
      'createAuditMigrations',
      'grantAuditWriterRole',
      'verifyAuditChain',
      'verifyAuditExport',
      'canonicalJson',
      'hashAuditEntry',
      'hashAuditOperation',
      'toCsvRecord',
    ] as const) {
      expect(typeof governance[name], name).toBe('function');
    }
    expect(governance.AUDIT_GENESIS_HASH).toBe('0'.repeat(64));
    expect(governance.DEFAULT_OFFICE_HOURS.timeZone).toBe('Asia/Shanghai');
    expect(governance.AUDIT_CSV_COLUMNS.at(-1)).toBe('hash');
  });
});
