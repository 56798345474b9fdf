import { describe, expect, it } from 'vitest';
import { adminLevel, isWithin, parseAdminCode, parentAdminCode } from '../../schema/index.ts';

describe('administrative codes', () => {
  it('tells the level of each well-formed code', () => {
    expect(adminLevel('3101')).toBe('city');
    expect(adminLevel('310106')).toBe('district');
    expect(adminLevel('310106013')).toBe('street');
    expect(adminLevel('310106013002')).toBe('community');
    expect(adminLevel('310106013002-07')).toBe('grid');
  });

  it('rejects malformed codes', () => {
    for (const bad of ['', '31', '31010', '3101060', '310106013002-7', '310106-07', 'abcd', ' 310106', 310106, null, undefined]) {
      expect(adminLevel(bad)).toBeNull();
    }
  });

  it('places a code within its ancestors and itself, not within siblings', () => {
    expect(isWithin('310106013002-07', '310106')).toBe(true);
    expect(isWithin('310106013002-07', '310106013002-07')).toBe(true);
    expect(isWithin('310106013', '3101')).toBe(true);
    expect(isWithin('310107001', '310106')).toBe(false);
    expect(isWithin('310106', '310106013')).toBe(false);
  });

  it('never places a malformed code or scope within anything', () => {
    expect(isWithin('31010601x', '310106')).toBe(false);
    expect(isWithin(undefined, '3101')).toBe(false);
    expect(isWithin('310106013', '31010')).toBe(false);
  });

  it('names the value when parsing fails', () => {
    expect(() => parseAdminCode('31-06', 'street')).toThrow('street must be an administrative code such as "310106" or "310106013002-07", received "31-06"');
    expect(parseAdminCode('310106')).toBe('310106');
  });

  it('walks up one level at a time', () => {
    expect(parentAdminCode('310106013002-07')).toBe('310106013002');
    expect(parentAdminCode('310106013002')).toBe('310106013');
    expect(parentAdminCode('310106013')).toBe('310106');
    expect(parentAdminCode('310106')).toBe('3101');
    expect(parentAdminCode('3101')).toBeNull();
  });
});
