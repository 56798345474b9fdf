import { describe, expect, it } from 'vitest';
import type { CatalogueType } from '../../schema/index.ts';
import { ANONYMOUS, PERSONAS, isRowVisible, rowScope, type Principal } from '../../governance/index.ts';

const busStop: CatalogueType = {
  key: 'stopId',
  jurisdiction: 'area',
  fields: { stopId: { sharing: 'open', sensitivity: 'public' }, name: { sharing: 'open', sensitivity: 'public' } },
};
const resident: CatalogueType = {
  key: 'personId',
  jurisdiction: 'area',
  fields: { personId: { sharing: 'unconditional', sensitivity: 'internal' }, name: { sharing: 'unconditional', sensitivity: 'personal', mask: 'name' } },
};

describe('row policy', () => {
  it('shows a row inside the principal jurisdiction', () => {
    expect(isRowVisible(PERSONAS.districtOfficer, '310106')).toBe(true);
    expect(isRowVisible(PERSONAS.districtOfficer, '310106013002-07')).toBe(true);
    expect(isRowVisible(PERSONAS.streetOfficer, '310106013002')).toBe(true);
  });

  it('hides a row outside the principal jurisdiction', () => {
    expect(isRowVisible(PERSONAS.districtOfficer, '310107001')).toBe(false);
    expect(isRowVisible(PERSONAS.streetOfficer, '310106014002')).toBe(false);
    expect(isRowVisible(PERSONAS.streetOfficer, '310106')).toBe(false);
  });

  it('shows every row of the city to a city-level principal', () => {
    expect(isRowVisible(PERSONAS.cityOperationsOfficer, '310107001')).toBe(true);
    expect(isRowVisible(PERSONAS.cityOperationsOfficer, '3101')).toBe(true);
  });

  it('does not treat a numeric prefix of another code as containment', () => {
    // '3101061' is not a code; '31010601' is malformed too: neither lies within '310106'.
    expect(isRowVisible(PERSONAS.districtOfficer, '3101061')).toBe(false);
    expect(isRowVisible(PERSONAS.districtOfficer, '31010601')).toBe(false);
  });

  it('shows rows with a missing or malformed code to city-level principals only', () => {
    for (const code of [null, undefined, '', 'Xuhui', 310106, '310106-01']) {
      expect(isRowVisible(PERSONAS.cityOperationsOfficer, code)).toBe(true);
      expect(isRowVisible(PERSONAS.districtOfficer, code)).toBe(false);
      expect(isRowVisible(PERSONAS.streetOfficer, code)).toBe(false);
    }
  });

  it('unions several jurisdictions', () => {
    const twoStreets: Principal = { ...PERSONAS.streetOfficer, jurisdictions: ['310106013', '310107002'] };
    expect(isRowVisible(twoStreets, '310107002001')).toBe(true);
    expect(isRowVisible(twoStreets, '310106013')).toBe(true);
    expect(isRowVisible(twoStreets, '310107003')).toBe(false);
  });

  it('shows the anonymous principal every row of an open type and none of other types', () => {
    expect(isRowVisible(ANONYMOUS, '310107001', busStop)).toBe(true);
    expect(isRowVisible(ANONYMOUS, null, busStop)).toBe(true);
    expect(isRowVisible(ANONYMOUS, '310106', resident)).toBe(false);
    expect(isRowVisible(ANONYMOUS, '310106')).toBe(false);
  });

  it('treats a token without jurisdictions like the anonymous principal', () => {
    expect(isRowVisible(PERSONAS.appDeveloper, '310107001', busStop)).toBe(true);
    expect(isRowVisible(PERSONAS.appDeveloper, '310106', resident)).toBe(false);
  });

  it('keeps government principals to their jurisdiction even for open types', () => {
    expect(isRowVisible(PERSONAS.streetOfficer, '310107001', busStop)).toBe(false);
  });
});

describe('row scope for pushdown', () => {
  it('gives a narrow principal its jurisdiction prefixes', () => {
    expect(rowScope(PERSONAS.streetOfficer)).toEqual({ all: false, prefixes: ['310106013'], includeInvalidCodes: false });
  });

  it('includes rows with invalid codes for a city-level principal', () => {
    expect(rowScope(PERSONAS.cityOperationsOfficer)).toEqual({ all: false, prefixes: ['3101'], includeInvalidCodes: true });
  });

  it('drops jurisdictions nested in wider ones', () => {
    const principal: Principal = { ...PERSONAS.districtOfficer, jurisdictions: ['310106013', '310106', '310107'] };
    expect(rowScope(principal).prefixes).toEqual(['310106', '310107']);
  });

  it('opens every row of an open type to public principals and nothing else', () => {
    expect(rowScope(ANONYMOUS, busStop)).toEqual({ all: true, prefixes: [], includeInvalidCodes: false });
    expect(rowScope(ANONYMOUS, resident)).toEqual({ all: false, prefixes: [], includeInvalidCodes: false });
  });
});
