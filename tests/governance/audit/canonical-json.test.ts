import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../governance/audit/canonical-json.ts';
import { AUDIT_GENESIS_HASH, hashAuditEntry } from '../../../governance/audit/hash-audit-entry.ts';
import { hashAuditOperation } from '../../../governance/audit/hash-audit-operation.ts';
import type { AuditEntry } from '../../../governance/audit/audit-entry.ts';
import { source } from './fixtures.ts';

describe('canonicalJson', () => {
  it('sorts object keys by UTF-16 code unit and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], A: { d: 2, c: 1 } })).toBe('{"A":{"c":1,"d":2},"a":[true,null,"x"],"b":1}');
    expect(canonicalJson({ '\u00e9': 1, z: 2, '\u{1F600}': 3, '\uFFFF': 4 })).toBe('{"z":2,"é":1,"\u{1F600}":3,"\uFFFF":4}');
  });

  it('writes numbers as ECMAScript does and -0 as 0', () => {
    expect(canonicalJson([1, 1.5, -0, 1e21, 1e-7, 0.1 + 0.2])).toBe('[1,1.5,0,1e+21,1e-7,0.30000000000000004]');
  });

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson('张三 "q" \\ \n \u0001')).toBe('"张三 \\"q\\" \\\\ \\n \\u0001"');
  });

  it('refuses values that do not survive a JSON round trip, naming the path', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/finite numbers only, received NaN at \$\.a\[1\]/);
    expect(() => canonicalJson({ a: undefined })).toThrow(/cannot hold undefined.* at \$\.a/);
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(/plain objects only, received Date at \$\.when/);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });
});

describe('hashAuditEntry', () => {
  const entry: AuditEntry = {
    seq: 1,
    occurredAt: '2025-03-03T02:00:00.000Z',
    requestId: 'req-1',
    principal: 'wang.li',
    department: 'civil-affairs',
    purpose: 'social-assistance',
    operationName: null,
    operationHash: 'a'.repeat(64),
    outcome: 'ok',
    errorCode: null,
    latencyMs: 12,
    sources: [source()],
    prevHash: AUDIT_GENESIS_HASH,
    hash: '',
  };

  it('is sha256(prevHash + canonical JSON of the entry without hash)', () => {
    const { hash: _hash, ...rest } = entry;
    const expected = createHash('sha256').update(AUDIT_GENESIS_HASH + canonicalJson(rest)).digest('hex');
    expect(hashAuditEntry(entry)).toBe(expected);
    expect(AUDIT_GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('changes when any field, a source field or the predecessor changes', () => {
    const base = hashAuditEntry(entry);
    expect(hashAuditEntry({ ...entry, principal: 'li.wang' })).not.toBe(base);
    expect(hashAuditEntry({ ...entry, seq: 2 })).not.toBe(base);
    expect(hashAuditEntry({ ...entry, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(hashAuditEntry({ ...entry, sources: [source({ personalKeys: ['P-0002', 'P-0001'] })] })).not.toBe(base);
  });
});

describe('hashAuditOperation', () => {
  it('ignores whitespace and comments but not variables', () => {
    const a = hashAuditOperation({ document: 'query Q { person(id: $id) { name } }', variables: { id: '1', x: { b: 1, a: 2 } } });
    const b = hashAuditOperation({ document: '# look\nquery Q {\n  person(id: $id) {\n    name\n  }\n}', variables: { x: { a: 2, b: 1 }, id: '1' } });
    const c = hashAuditOperation({ document: 'query Q { person(id: $id) { name } }', variables: { id: '2' } });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});
