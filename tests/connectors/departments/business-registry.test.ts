import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import businessRegistry from '../../../connectors/sample-city/departments/business-registry.ts';
import spec from '../../../connectors/sample-city/simulators/systems/business-registry.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('business-registry connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(businessRegistry, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('serves every enterprise of the city model over SOAP, typed by the catalogue', async () => {
    const street = system.model.streets[3]!;
    const expected = system.model.enterprises.filter((e) => e.streetCode === street.code);
    const { data, errors } = await system.run(
      `query ($code: AdminCode!) { enterprises(where: { streetCode: $code }, first: 1000) { creditCode name industry status registeredCapital registeredAt legalRepresentativeId legalRepresentativeName districtCode } }`,
      { code: street.code },
    );
    expect(errors).toBeUndefined();
    expect(data.enterprises.map((e: any) => e.creditCode).sort()).toEqual(expected.map((e) => e.creditCode).sort());
    const names = new Map(system.model.residents.map((r) => [r.personId, r.name]));
    for (const enterprise of data.enterprises) {
      const model = expected.find((e) => e.creditCode === enterprise.creditCode)!;
      expect(enterprise).toMatchObject({ name: model.name, industry: model.kind, registeredAt: model.registeredAt, legalRepresentativeId: model.legalRepresentativeId, districtCode: model.districtCode });
      expect(enterprise.legalRepresentativeName).toBe(names.get(model.legalRepresentativeId));
      expect(typeof enterprise.registeredCapital).toBe('number');
    }
    // The filter went to the service as a request element.
    expect(system.soap!.calls.at(-1)!.params.jddm).toEqual([street.code]);
  });

  it('resolves a batch of credit codes in one SOAP call, in key order', async () => {
    const codes = system.model.enterprises.slice(0, 25).map((e) => e.creditCode).reverse();
    system.soap!.calls.length = 0;
    const { data, errors } = await system.run(`query ($keys: [String!]!) { _lookupEnterprise(keys: $keys) { creditCode } }`, { keys: [...codes, '91310000XXXXXXXXXX'] });
    expect(errors).toBeUndefined();
    expect(data._lookupEnterprise).toEqual([...codes.map((creditCode) => ({ creditCode })), null]);
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.params.tyshxydm).toHaveLength(26);
  });

  it('answers UPSTREAM_UNAVAILABLE naming the connector when the registration service faults', async () => {
    system.soap!.setFault({ code: 'Server', string: '数据库连接失败' });
    try {
      const { data, errors } = await system.run(`{ enterprises(first: 3) { creditCode } }`);
      expect(data?.enterprises ?? null).toBeNull();
      expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'business-registry' });
    } finally {
      system.soap!.setFault(null);
    }
  });
});
