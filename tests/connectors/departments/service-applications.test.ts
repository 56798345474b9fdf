import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../../connectors/index.ts';
import serviceApplications from '../../../connectors/sample-city/departments/service-applications.ts';
import spec, { serviceApplicationsOf } from '../../../connectors/sample-city/simulators/systems/service-applications.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('service-applications connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(serviceApplications, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('files applications of adult residents for services of their own district', () => {
    const residents = new Map(system.model.residents.map((r) => [r.personId, r]));
    const applications = serviceApplicationsOf(system.model);
    expect(applications.length).toBeGreaterThan(system.model.residents.length / 12);
    const wrong = applications.filter((a) => {
      const resident = residents.get(a.applicantPersonId)!;
      return a.service.districtCode !== resident.streetCode.slice(0, 6) || a.streetCode !== resident.streetCode || (a.service.secondsApproval && a.status !== '已办结');
    });
    expect(wrong).toEqual([]);
  });

  it("serves a street's seconds-approval applications typed by the catalogue, filters pushed down", async () => {
    const street = '310106013';
    const expected = serviceApplicationsOf(system.model).filter((a) => a.streetCode === street && a.service.secondsApproval);
    expect(expected.length).toBeGreaterThan(0);
    const { data, errors } = await system.run(
      `query ($street: AdminCode!) { serviceApplications(where: { streetCode: $street, secondsApproval: true }, first: 1000) { applicationId implementationCode applicantPersonId applicantName status decision secondsApproval submittedAt completedAt } }`,
      { street },
    );
    expect(errors).toBeUndefined();
    const names = new Map(system.model.residents.map((r) => [r.personId, r.name]));
    expect(data.serviceApplications.map((a: any) => a.applicationId).sort()).toEqual(expected.map((a) => a.applicationId).sort());
    for (const application of data.serviceApplications) {
      const model = expected.find((a) => a.applicationId === application.applicationId)!;
      expect(application).toMatchObject({
        implementationCode: model.service.implementationCode,
        applicantPersonId: model.applicantPersonId,
        applicantName: names.get(model.applicantPersonId),
        status: '已办结',
        decision: model.decision,
        secondsApproval: true,
      });
      // Local times of the legacy system, read as the city's UTC+8.
      expect(application.submittedAt).toMatch(/\+08:00$|Z$/);
      expect(Date.parse(application.completedAt) - Date.parse(application.submittedAt)).toBeGreaterThan(0);
      expect(Date.parse(application.completedAt) - Date.parse(application.submittedAt)).toBeLessThanOrEqual(40_000);
    }
  });

  it('answers UPSTREAM_UNAVAILABLE naming the connector when the case database cannot be opened', async () => {
    const broken = createConnector(serviceApplications, { env: { CITYHUB_SERVICE_APPLICATIONS_DB: 'sqlite:/nonexistent/dir/bj.sqlite' }, dataDir: '.' });
    try {
      await expect(broken.probe()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'service-applications' } });
    } finally {
      await broken.close();
    }
  });
});
