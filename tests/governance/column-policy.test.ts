import { describe, expect, it } from 'vitest';
import { GovernanceError, type CatalogueField, type CatalogueType } from '../../schema/index.ts';
import {
  ANONYMOUS,
  PERSONAS,
  checkArgumentAccess,
  decideField,
  type Agreement,
  type DecideFieldOptions,
} from '../../governance/index.ts';

const at = new Date('2030-06-01T00:00:00Z');
const provider = 'Public Security Bureau';
const fields = {
  openName: { sharing: 'open', sensitivity: 'public' },
  secret: { sharing: 'none', sensitivity: 'sensitive' },
  gender: { sharing: 'unconditional', sensitivity: 'internal' },
  name: { sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
  note: { sharing: 'unconditional', sensitivity: 'personal' },
  phone: { sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
  householdSize: { sharing: 'conditional', sensitivity: 'internal' },
} satisfies Record<string, CatalogueField>;
const residentType: CatalogueType = { key: 'personId', jurisdiction: 'area', fields };

function agreement(overrides: Partial<Agreement> = {}): Agreement {
  return {
    id: 'agr-1',
    requesterDepartment: 'Civil Affairs Bureau',
    providerDepartment: provider,
    typeName: 'Resident',
    fields: ['phone', 'name', 'householdSize'],
    purpose: 'elderly-care',
    validFrom: new Date('2030-01-01T00:00:00Z'),
    validUntil: new Date('2031-01-01T00:00:00Z'),
    status: 'approved',
    requestedBy: 'persona-case-worker',
    reason: 'home visits',
    requestedAt: new Date('2029-12-01T00:00:00Z'),
    decidedBy: 'psb-1',
    decidedAt: new Date('2029-12-02T00:00:00Z'),
    decisionNote: null,
    revokedBy: null,
    revokedAt: null,
    revocationReason: null,
    ...overrides,
  };
}

function decide(fieldName: keyof typeof fields, overrides: Partial<DecideFieldOptions> = {}) {
  return decideField({
    principal: PERSONAS.caseWorker,
    purpose: 'elderly-care',
    field: fields[fieldName],
    typeName: 'Resident',
    fieldName,
    department: provider,
    agreements: [agreement()],
    at,
    ...overrides,
  });
}

describe('column policy', () => {
  it('denies fields shared with nobody, even to their own department', () => {
    expect(decide('secret')).toMatchObject({ effect: 'deny', reason: 'never-shared' });
    expect(decide('secret', { principal: { ...PERSONAS.districtOfficer, department: provider } })).toMatchObject({ effect: 'deny' });
  });

  it('denies an uncatalogued field', () => {
    expect(decideField({ ...decideArgs(), field: undefined, fieldName: 'shadow' })).toMatchObject({ effect: 'deny', reason: 'uncatalogued' });
  });

  it('allows open fields to everyone, with or without a token', () => {
    for (const principal of [ANONYMOUS, PERSONAS.appDeveloper, PERSONAS.caseWorker]) {
      expect(decide('openName', { principal, purpose: null, agreements: [] })).toMatchObject({ effect: 'allow', reason: 'open' });
    }
  });

  it('denies the anonymous principal everything that is not open', () => {
    for (const name of ['gender', 'name', 'phone', 'householdSize'] as const) {
      expect(decide(name, { principal: ANONYMOUS, purpose: null })).toMatchObject({ effect: 'deny', reason: 'public-principal' });
    }
  });

  it('denies an app developer everything that is not open', () => {
    expect(decide('gender', { principal: PERSONAS.appDeveloper, purpose: 'open-data' })).toMatchObject({ effect: 'deny', reason: 'public-principal' });
  });

  it('denies a government principal that declared no purpose', () => {
    expect(decide('gender', { purpose: null })).toMatchObject({ effect: 'deny', reason: 'no-purpose' });
  });

  it('allows unconditional fields to any government principal', () => {
    for (const principal of [PERSONAS.trafficPoliceOfficer, PERSONAS.auditor, PERSONAS.streetOfficer]) {
      expect(decide('gender', { principal, purpose: principal.purposes[0]!, agreements: [] })).toMatchObject({ effect: 'allow', reason: 'unconditional' });
    }
  });

  it('masks unconditional personal fields that no agreement covers for the purpose', () => {
    const decision = decide('name', { principal: PERSONAS.trafficPoliceOfficer, purpose: 'traffic-enforcement', agreements: [] });
    expect(decision).toMatchObject({ effect: 'mask', reason: 'personal-not-covered', rule: 'name' });
  });

  it('masks with redact when a personal field names no rule', () => {
    expect(decide('note', { agreements: [] })).toMatchObject({ effect: 'mask', rule: 'redact' });
  });

  it('shows a personal field in the clear under an agreement naming the field and the purpose', () => {
    expect(decide('name')).toMatchObject({ effect: 'allow', reason: 'agreement', agreementId: 'agr-1' });
  });

  it('masks a personal field when the agreement is for another purpose', () => {
    expect(decide('name', { purpose: 'service-approval' })).toMatchObject({ effect: 'mask' });
  });

  it('allows a conditional field under an active agreement', () => {
    expect(decide('phone')).toMatchObject({ effect: 'allow', reason: 'agreement' });
    expect(decide('householdSize')).toMatchObject({ effect: 'allow', reason: 'agreement' });
  });

  it('denies a conditional field without an agreement', () => {
    const decision = decide('phone', { agreements: [] });
    expect(decision).toMatchObject({ effect: 'deny', reason: 'no-agreement' });
    expect(decision.message).toBe('Resident.phone needs an approved agreement between Civil Affairs Bureau and Public Security Bureau for "elderly-care"');
  });

  it.each([
    ['for another purpose', { purpose: 'service-approval' }, {}],
    ['for another requesting department', { principal: PERSONAS.trafficPoliceOfficer, purpose: 'traffic-enforcement' }, { purpose: 'traffic-enforcement' }],
    ['from another providing department', {}, { providerDepartment: 'Health Commission' }],
    ['for another type', {}, { typeName: 'Household' }],
    ['that does not name the field', {}, { fields: ['name'] }],
    ['that has expired', {}, { validUntil: new Date('2030-05-31T00:00:00Z') }],
    ['that has not started', {}, { validFrom: new Date('2030-07-01T00:00:00Z') }],
    ['that was revoked', {}, { status: 'revoked' as const }],
    ['that is still pending', {}, { status: 'pending' as const }],
  ])('denies a conditional field under an agreement %s', (_label, options, agreementOverrides) => {
    expect(decide('phone', { ...options, agreements: [agreement(agreementOverrides)] })).toMatchObject({ effect: 'deny', reason: 'no-agreement' });
  });

  it('allows a department its own conditional and personal data without an agreement', () => {
    const own = { ...PERSONAS.districtOfficer, department: provider };
    expect(decide('phone', { principal: own, purpose: 'city-operations', agreements: [] })).toMatchObject({ effect: 'allow', reason: 'own-department' });
    expect(decide('name', { principal: own, purpose: 'city-operations', agreements: [] })).toMatchObject({ effect: 'allow', reason: 'own-department' });
  });
});

function decideArgs(): DecideFieldOptions {
  return {
    principal: PERSONAS.caseWorker,
    purpose: 'elderly-care',
    field: fields.gender,
    typeName: 'Resident',
    fieldName: 'gender',
    department: provider,
    agreements: [],
    at,
  };
}

describe('filter and sort arguments', () => {
  const base = { purpose: 'traffic-enforcement', typeName: 'Resident', type: residentType, department: provider, agreements: [], at };

  it('accepts arguments on fields the principal reads in the clear', () => {
    expect(() => checkArgumentAccess({ ...base, principal: PERSONAS.trafficPoliceOfficer, fields: ['gender', 'openName'] })).not.toThrow();
  });

  it.each([
    ['masked', 'name'],
    ['denied', 'phone'],
    ['never shared', 'secret'],
    ['uncatalogued', 'shadow'],
  ])('refuses an argument on a %s field, naming it', (_label, field) => {
    let caught: unknown;
    try {
      checkArgumentAccess({ ...base, principal: PERSONAS.trafficPoliceOfficer, fields: ['gender', field] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GovernanceError);
    const error = caught as GovernanceError;
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', field: `Resident.${field}` });
    expect(error.message).toMatch(new RegExp(`^filtering or sorting on Resident\\.${field} is not allowed`));
  });

  it('refuses the anonymous principal an argument on a government field', () => {
    expect(() => checkArgumentAccess({ ...base, principal: ANONYMOUS, purpose: null, fields: ['gender'] })).toThrow(/Resident\.gender/);
  });
});
