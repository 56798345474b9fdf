import { describe, expect, it } from 'vitest';
import { isGovernmentPrincipal, isResident, PERSONAS, principalFromClaims, resolvePurpose } from '../../governance/index.ts';

const resident = { sub: 'resident-42', roles: ['resident'], jurisdictions: [], purposes: ['data-subject-access'], personId: 'P42' };

describe('resident principals', () => {
  it('reads a resident token: the person it names, no department, no jurisdiction', () => {
    const principal = principalFromClaims(resident);
    expect(principal).toEqual({ subject: 'resident-42', department: '', roles: ['resident'], jurisdictions: [], purposes: ['data-subject-access'], personId: 'P42' });
    expect(isResident(principal)).toBe(true);
    expect(isGovernmentPrincipal(principal)).toBe(false);
    // A resident need not declare a purpose: they read nothing of the city's data.
    expect(resolvePurpose(principal, null)).toBeNull();
    expect(isResident(PERSONAS.resident)).toBe(true);
    expect(isResident(PERSONAS.caseWorker)).toBe(false);
  });

  it.each([
    ['no personId', { ...resident, personId: undefined }, 'invalid token: claim "personId" must name the person a "resident" token is for (a personId of at most 128 characters without spaces), received nothing'],
    ['an empty personId', { ...resident, personId: '' }, 'claim "personId" must name the person'],
    ['a personId that is not a string', { ...resident, personId: 42 }, 'claim "personId" must name the person'],
    ['a personId with spaces', { ...resident, personId: 'P 42' }, 'claim "personId" must name the person'],
    ['a personId too long', { ...resident, personId: 'P'.repeat(129) }, 'claim "personId" must name the person'],
    ['another role beside it', { ...resident, roles: ['resident', 'auditor'] }, 'invalid token: claim "roles" may hold no other role beside "resident", received ["resident","auditor"]'],
    ['a jurisdiction', { ...resident, jurisdictions: ['310106'] }, 'invalid token: claim "jurisdictions" must be empty for a "resident" token, received ["310106"]'],
    ['a personId on an officer token', { sub: 'u-1', department: 'Civil Affairs Bureau', roles: ['case-worker'], jurisdictions: ['310106'], purposes: ['elderly-care'], personId: 'P42' }, 'invalid token: claim "personId" is only for tokens of the "resident" role, received "P42"'],
  ])('refuses a resident token with %s, naming the claim (UNAUTHENTICATED)', (_case, claims, message) => {
    let thrown: unknown;
    try {
      principalFromClaims(claims);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ message: expect.stringContaining(message), extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('still requires a department of every other token', () => {
    expect(() => principalFromClaims({ sub: 'u-1', roles: ['officer'], jurisdictions: ['310106'], purposes: [] })).toThrow('claim "department" must be a non-empty string');
  });
});
