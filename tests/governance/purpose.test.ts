import { describe, expect, it } from 'vitest';
import { GovernanceError } from '../../schema/index.ts';
import { ANONYMOUS, PERSONAS, isPurpose, resolvePurpose } from '../../governance/index.ts';

function refusal(run: () => unknown): GovernanceError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GovernanceError);
    return error as GovernanceError;
  }
  throw new Error('expected a GovernanceError');
}

describe('declared purpose', () => {
  it('returns the declared purpose when the token allows it', () => {
    expect(resolvePurpose(PERSONAS.caseWorker, 'elderly-care')).toBe('elderly-care');
    expect(resolvePurpose(PERSONAS.caseWorker, ' service-approval ')).toBe('service-approval');
  });

  it('refuses a purpose the token does not allow, naming it and listing the allowed ones', () => {
    const error = refusal(() => resolvePurpose(PERSONAS.trafficPoliceOfficer, 'elderly-care'));
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(error.message).toBe(
      'purpose "elderly-care" is not allowed by your token; allowed purposes: "traffic-enforcement", "emergency-response"',
    );
    expect(error.extensions.allowedPurposes).toEqual(['traffic-enforcement', 'emergency-response']);
  });

  it('refuses a government request that declares no purpose', () => {
    for (const missing of [undefined, null, '', '   ']) {
      const error = refusal(() => resolvePurpose(PERSONAS.districtOfficer, missing));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/a purpose is required: set the x-cityhub-purpose header/);
    }
  });

  it('refuses more than one declared purpose', () => {
    const error = refusal(() => resolvePurpose(PERSONAS.caseWorker, ['elderly-care', 'service-approval']));
    expect(error.message).toMatch(/exactly one purpose must be declared/);
  });

  it('lets anonymous and public principals read without a purpose', () => {
    expect(resolvePurpose(ANONYMOUS, undefined)).toBeNull();
    expect(resolvePurpose(PERSONAS.appDeveloper, null)).toBeNull();
    expect(resolvePurpose(PERSONAS.appDeveloper, 'open-data')).toBe('open-data');
  });

  it('refuses a purpose declared by the anonymous principal', () => {
    const error = refusal(() => resolvePurpose(ANONYMOUS, 'city-operations'));
    expect(error.message).toBe('purpose "city-operations" is not allowed by your token; allowed purposes: none');
  });

  it('recognises well-formed purposes', () => {
    expect(isPurpose('emergency-response')).toBe(true);
    expect(isPurpose('covid19-tracing')).toBe(true);
    for (const bad of ['', 'Elderly', 'elderly care', 'elderly--care', '-care', 'x'.repeat(65), 42]) expect(isPurpose(bad)).toBe(false);
  });
});
