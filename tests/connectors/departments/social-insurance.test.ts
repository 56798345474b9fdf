import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import socialInsurance from '../../../connectors/sample-city/departments/social-insurance.ts';
import spec, { insuranceEnrolmentsOf } from '../../../connectors/sample-city/simulators/systems/social-insurance.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('social-insurance connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(socialInsurance, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('derives enrolments that agree with the residents and enterprises of the city model', () => {
    const enrolments = insuranceEnrolmentsOf(system.model);
    const residents = new Map(system.model.residents.map((r) => [r.personId, r]));
    const enterprises = new Map(system.model.enterprises.map((e) => [e.creditCode, e]));
    expect(enrolments.length).toBeGreaterThan(system.model.residents.length);
    expect(new Set(enrolments.map((e) => e.recordId)).size).toBe(enrolments.length);
    for (const enrolment of enrolments) {
      const resident = residents.get(enrolment.personId)!;
      expect(enrolment.streetCode).toBe(resident.streetCode);
      if (enrolment.employerCreditCode) expect(enterprises.get(enrolment.employerCreditCode)!.districtCode).toBe(resident.streetCode.slice(0, 6));
      if (enrolment.status === '待遇享受') expect(2026 - Number(resident.birthDate.slice(0, 4))).toBeGreaterThanOrEqual(60);
    }
  });

  it('serves the records of a batch of people in one query, with nullable employer and base', async () => {
    const enrolments = insuranceEnrolmentsOf(system.model);
    const people = [...new Set(enrolments.map((e) => e.personId))].slice(0, 40);
    system.upstreamCalls.length = 0;
    const { data, errors } = await system.run(
      `query ($keys: [String!]!) { _lookupPerson(keys: $keys) { personId insuranceRecords { recordId insuranceTypeCode insuranceType scheme status employerCreditCode monthsPaid contributionBase lastPaidMonth startDate } } }`,
      { keys: people },
    );
    expect(errors).toBeUndefined();
    expect(system.upstreamCalls).toHaveLength(1);
    for (const [index, personId] of people.entries()) {
      const expected = enrolments.filter((e) => e.personId === personId);
      const got = data._lookupPerson[index];
      expect(got.personId).toBe(personId);
      expect(got.insuranceRecords.map((r: any) => r.recordId).sort()).toEqual(expected.map((e) => e.recordId).sort());
      for (const record of got.insuranceRecords) {
        const model = expected.find((e) => e.recordId === record.recordId)!;
        expect(record).toEqual({
          recordId: model.recordId,
          insuranceTypeCode: model.typeCode,
          insuranceType: model.typeName,
          scheme: model.scheme,
          status: model.status,
          employerCreditCode: model.employerCreditCode,
          monthsPaid: model.monthsPaid,
          contributionBase: model.contributionBase,
          lastPaidMonth: model.lastPaidMonth,
          startDate: model.startDate,
        });
      }
    }
  });

  it('filters by insurance type and status at the source', async () => {
    const street = system.model.streets[0]!.code;
    const expected = insuranceEnrolmentsOf(system.model).filter((e) => e.streetCode === street && e.typeCode === '110' && e.status === '待遇享受');
    expect(expected.length).toBeGreaterThan(0);
    const { data, errors } = await system.run(
      `query ($street: AdminCode!) { insuranceRecords(where: { streetCode: $street, insuranceTypeCode: "110", status: "待遇享受" }, first: 1000) { recordId } }`,
      { street },
    );
    expect(errors).toBeUndefined();
    expect(data.insuranceRecords.map((r: any) => r.recordId).sort()).toEqual(expected.map((e) => e.recordId).sort());
  });
});
