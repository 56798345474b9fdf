import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import serviceCatalogue from '../../../connectors/sample-city/departments/service-catalogue.ts';
import spec, { SERVICE_TEMPLATES, serviceImplementationsOf } from '../../../connectors/sample-city/simulators/systems/service-catalogue.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('service-catalogue connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(serviceCatalogue, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it("walks the paged list of one district's services, typed by the catalogue", async () => {
    system.rest!.calls.length = 0;
    const { data, errors } = await system.run(`{ serviceItems(where: { districtCode: "310106" }, first: 1000) { implementationCode serviceCode name secondsApproval verifiedAgainst legalDays promisedDays materials } }`);
    expect(errors).toBeUndefined();
    expect(data.serviceItems).toHaveLength(SERVICE_TEMPLATES.length);
    const expected = serviceImplementationsOf(system.model).filter((s) => s.districtCode === '310106');
    for (const item of data.serviceItems) {
      const model = expected.find((s) => s.implementationCode === item.implementationCode)!;
      expect(item).toEqual({
        implementationCode: model.implementationCode,
        serviceCode: model.code,
        name: model.name,
        secondsApproval: model.secondsApproval,
        verifiedAgainst: model.verifiedAgainst.length > 0 ? model.verifiedAgainst.join(',') : null,
        legalDays: model.legalDays,
        promisedDays: model.promisedDays,
        materials: model.materials,
      });
    }
    expect(system.rest!.calls.every((call) => call.query.qhdm === '310106')).toBe(true);
  });

  it('filters the seconds-approval services at the connector and walks every page of the city', async () => {
    system.rest!.calls.length = 0;
    const { data, errors } = await system.run(`{ serviceItems(where: { secondsApproval: true }, first: 1000) { implementationCode } }`);
    expect(errors).toBeUndefined();
    const expected = serviceImplementationsOf(system.model).filter((s) => s.secondsApproval);
    expect(data.serviceItems.map((s: any) => s.implementationCode).sort()).toEqual(expected.map((s) => s.implementationCode).sort());
    // 16 districts × the list, in pages of 200.
    expect(system.rest!.calls.length).toBe(Math.ceil(serviceImplementationsOf(system.model).length / 200));
  });

  it('answers UPSTREAM_UNAVAILABLE naming the connector when the list API fails', async () => {
    system.rest!.setFailure(502);
    try {
      const { errors } = await system.run(`{ serviceItems(first: 5) { implementationCode } }`);
      expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'service-catalogue' });
    } finally {
      system.rest!.setFailure(null);
    }
  });
});
