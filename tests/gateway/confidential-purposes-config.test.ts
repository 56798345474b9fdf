import { describe, expect, it } from 'vitest';
import { resolveConfidentialPurposes } from '../../gateway/audit/confidential-purposes-config.ts';
import { DEFAULT_CONFIDENTIAL_PURPOSES } from '../../governance/index.ts';

describe('CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES', () => {
  it('defaults to a criminal investigation withheld for 180 days when unset or empty', () => {
    expect(resolveConfidentialPurposes({})).toEqual({ 'criminal-investigation': 180 });
    expect(resolveConfidentialPurposes({ CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES: ' ' })).toBe(DEFAULT_CONFIDENTIAL_PURPOSES);
  });

  it('reads purpose=days pairs, and none for no confidential purpose', () => {
    expect(resolveConfidentialPurposes({ CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES: 'criminal-investigation=365, tax-inspection=90' })).toEqual({ 'criminal-investigation': 365, 'tax-inspection': 90 });
    expect(resolveConfidentialPurposes({ CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES: 'none' })).toEqual({});
  });

  it('refuses a malformed pair or a purpose named twice, naming the variable and the pair', () => {
    expect(() => resolveConfidentialPurposes({ CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES: 'criminal-investigation:180' })).toThrow(
      'CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES must be <purpose>=<days> pairs separated by commas (criminal-investigation=180), received "criminal-investigation:180"',
    );
    expect(() => resolveConfidentialPurposes({ CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES: 'tax-inspection=0' })).toThrow('received "tax-inspection=0"');
    expect(() => resolveConfidentialPurposes({ CITYHUB_AUDIT_CONFIDENTIAL_PURPOSES: 'a=1,a=2' })).toThrow('names a twice');
  });
});
