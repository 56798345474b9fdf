import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPhone, maskValue, REDACTED } from '../../governance/index.ts';

describe('phone masking', () => {
  it('masks phone numbers keeping the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks longer numbers with one star per hidden character', () => {
    expect(maskPhone('021-64871234')).toBe('021*****1234');
  });

  it('redacts numbers too short to mask safely', () => {
    expect(maskPhone('1234567')).toBe('***');
  });
});

describe('identity number masking', () => {
  it('keeps the region code and the last four characters of an 18-character number', () => {
    expect(maskIdNumber('310106199001011234')).toBe('310106********1234');
  });

  it('shows the check character as an upper-case X', () => {
    expect(maskIdNumber('31010619900101123x')).toBe('310106********123X');
  });

  it('masks the birth date of a 15-digit first-generation number', () => {
    expect(maskIdNumber('310106900101123')).toBe('310106******123');
  });

  it('redacts values that are not identity numbers', () => {
    expect(maskIdNumber('31010619900101')).toBe('***');
    expect(maskIdNumber('E12345678')).toBe('***');
  });
});

describe('name masking', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('counts characters outside the Basic Multilingual Plane once', () => {
    expect(maskName('𠮷田')).toBe('𠮷*');
  });

  it('redacts a one-character name entirely', () => {
    expect(maskName('张')).toBe('***');
  });
});

describe('address masking', () => {
  it('keeps an address up to its road', () => {
    expect(maskAddress('上海市徐汇区漕溪北路88号3号楼1201室')).toBe('上海市徐汇区漕溪北路***');
  });

  it('keeps an address up to its sub-district when that comes first', () => {
    expect(maskAddress('上海市徐汇区徐家汇街道虹桥路1号')).toBe('上海市徐汇区徐家汇街道***');
  });

  it('falls back to the district when there is no street', () => {
    expect(maskAddress('上海市徐汇区某小区5栋')).toBe('上海市徐汇区***');
  });

  it('redacts an address without a street or district', () => {
    expect(maskAddress('5栋1201室')).toBe('***');
  });
});

describe('maskValue', () => {
  it('applies the rule named in the catalogue', () => {
    expect(maskValue('phone', '13812345678')).toBe('138****5678');
    expect(maskValue('idNumber', '31010619900101123X')).toBe('310106********123X');
    expect(maskValue('name', '欧阳娜娜')).toBe('欧***');
    expect(maskValue('address', '上海市徐汇区漕溪北路88号')).toBe('上海市徐汇区漕溪北路***');
    expect(maskValue('redact', 'type 2 diabetes')).toBe(REDACTED);
  });

  it('keeps null and undefined as they are', () => {
    expect(maskValue('name', null)).toBeNull();
    expect(maskValue('phone', undefined)).toBeUndefined();
  });

  it('masks numbers as their decimal text', () => {
    expect(maskValue('phone', 13812345678)).toBe('138****5678');
  });

  it('masks list values element by element', () => {
    expect(maskValue('phone', ['13812345678', null])).toEqual(['138****5678', null]);
  });

  it('redacts booleans and objects', () => {
    expect(maskValue('name', true)).toBe('***');
    expect(maskValue('address', { lat: 31.19, lng: 121.43 })).toBe('***');
  });

  it('redacts under an unknown rule', () => {
    expect(maskValue('shout' as never, '13812345678')).toBe('***');
  });
});
