import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityModel } from '../../connectors/sample-city/index.ts';
import { populationRegisterOf } from '../../connectors/sample-city/simulators/systems/population-registry.ts';
import { propertiesOf } from '../../connectors/sample-city/simulators/systems/property-registry.ts';
import { serviceApplicationsOf, type ServiceApplicationRecord } from '../../connectors/sample-city/simulators/systems/service-applications.ts';
import { insuranceEnrolmentsOf } from '../../connectors/sample-city/simulators/systems/social-insurance.ts';
import { identityAccountsOf } from '../../connectors/sample-city/simulators/systems/identity-accounts.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { maskValue, mintToken, PURPOSE_HEADER, type Principal } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const DOCUMENT = readFileSync(new URL('../../gateway/operations/seconds-approval.graphql', import.meta.url), 'utf8');
const PURPOSE = 'service-approval';
const DISTRICT = '310106';
const OFFICER_STREET = '310106013';

/** The data officers of the three providing departments, who approve the district's agreements. */
const PROVIDERS: Readonly<Record<string, Principal>> = {
  population: { subject: 'psb-data-officer', department: 'Public Security Bureau', roles: ['officer'], jurisdictions: ['3101'], purposes: [PURPOSE] },
  insurance: { subject: 'hrss-data-officer', department: 'Human Resources and Social Security', roles: ['officer'], jurisdictions: ['3101'], purposes: [PURPOSE] },
  property: { subject: 'ghzy-data-officer', department: 'Planning and Natural Resources', roles: ['officer'], jurisdictions: ['3101'], purposes: [PURPOSE] },
};

/** A legacy local time (Asia/Shanghai) as the DateTime scalar answers it. */
const cityTime = (local: string | null) => (local === null ? null : new Date(`${local.replace(' ', 'T')}+08:00`).toISOString());
const byId = <T>(key: (item: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));

/**
 * The seconds-approval application the scenario verifies: a housing application in the
 * district, outside the street officer's street, whose applicant lives in a household of
 * several people, is insured by an employer, holds property and has a real-name account, so that
 * every part of the answer is exercised (a missing single row reads as withheld, by design).
 */
function pickApplication(model: CityModel): ServiceApplicationRecord {
  const { people, households } = populationRegisterOf(model);
  const owners = new Set(propertiesOf(model).map((p) => p.ownerPersonId));
  const insured = new Set(insuranceEnrolmentsOf(model).filter((e) => e.employerCreditCode !== null).map((e) => e.personId));
  const accounts = new Set(identityAccountsOf(model).map((a) => a.personId));
  const found = serviceApplicationsOf(model).find((a) => {
    const household = households.find((h) => h.householdId === people.get(a.applicantPersonId)!.householdId)!;
    return (
      a.districtCode === DISTRICT &&
      a.streetCode !== OFFICER_STREET &&
      a.service.verifiedAgainst.length === 3 &&
      household.members.length > 1 &&
      owners.has(a.applicantPersonId) &&
      insured.has(a.applicantPersonId) &&
      accounts.has(a.applicantPersonId)
    );
  });
  if (!found) throw new Error('the sample city has no seconds-approval application to verify in 310106');
  return found;
}

/** What the city model says the verification must answer, in the clear. */
function expectedVerification(model: CityModel, application: ServiceApplicationRecord) {
  const residents = new Map(model.residents.map((r) => [r.personId, r]));
  const { people, households } = populationRegisterOf(model);
  const applicant = residents.get(application.applicantPersonId)!;
  const registered = people.get(applicant.personId)!;
  const household = households.find((h) => h.householdId === registered.householdId)!;
  const account = identityAccountsOf(model).find((a) => a.personId === applicant.personId) ?? null;
  const property = (p: ReturnType<typeof propertiesOf>[number]) => ({
    propertyId: p.propertyId,
    certificateNo: p.certificateNo,
    address: p.address,
    use: p.use,
    areaM2: p.areaM2,
    shareType: p.shareType,
    mortgaged: p.mortgaged,
  });
  return {
    applicationId: application.applicationId,
    serviceName: application.service.name,
    channel: application.channel,
    status: application.status,
    decision: application.decision,
    secondsApproval: true,
    submittedAt: cityTime(application.submittedAt),
    completedAt: cityTime(application.completedAt),
    streetCode: application.streetCode,
    service: {
      implementationCode: application.service.implementationCode,
      name: application.service.name,
      department: application.service.department,
      verifiedAgainst: 'population-registry,social-insurance,property-registry',
      promisedDays: application.service.promisedDays,
      districtCode: application.districtCode,
    },
    applicant: {
      personId: applicant.personId,
      name: applicant.name,
      idNumber: applicant.idNumber,
      residenceType: registered.residenceType,
      address: applicant.address,
      gridCode: applicant.gridCode,
      household: {
        householdId: household.householdId,
        householdType: household.householdType,
        memberCount: household.members.length,
        members: household.members.map((m) => ({ personId: m.personId, name: residents.get(m.personId)!.name, relationToHead: m.relation })).sort(byId((m) => m.personId)),
      },
      insuranceRecords: insuranceEnrolmentsOf(model)
        .filter((e) => e.personId === applicant.personId)
        .map((e) => ({
          recordId: e.recordId,
          insuranceType: e.typeName,
          scheme: e.scheme,
          status: e.status,
          monthsPaid: e.monthsPaid,
          lastPaidMonth: e.lastPaidMonth,
          contributionBase: e.contributionBase,
          employerCreditCode: e.employerCreditCode,
        }))
        .sort(byId((r) => r.recordId)),
      properties: propertiesOf(model).filter((p) => p.ownerPersonId === applicant.personId).map(property).sort(byId((p) => p.propertyId)),
      coOwnedProperties: propertiesOf(model).filter((p) => p.coOwnerPersonId === applicant.personId).map(property).sort(byId((p) => p.propertyId)),
      citizenAccount: account ? { realNameLevel: account.realNameLevel, status: account.status } : null,
    },
  };
}

/** The answer with every list in key order, so it compares with the model whatever order the sources answered in. */
function sorted(application: any) {
  if (!application) return application;
  const { applicant } = application;
  return {
    ...application,
    applicant: {
      ...applicant,
      household: { ...applicant.household, members: [...applicant.household.members].sort(byId((m: any) => m.personId)) },
      insuranceRecords: [...applicant.insuranceRecords].sort(byId((r: any) => r.recordId)),
      properties: [...applicant.properties].sort(byId((p: any) => p.propertyId)),
      coOwnedProperties: [...applicant.coOwnedProperties].sort(byId((p: any) => p.propertyId)),
    },
  };
}

/**
 * The district asks each provider for the personal fields the verification reads, for
 * service approval only, and each provider's data officer approves over the agreements API.
 */
async function approveVerificationAgreements(hub: TestHub): Promise<void> {
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const requests = [
    { who: 'population', providerDepartment: 'Public Security Bureau', typeName: 'Person', fields: ['name', 'idNumber', 'address'] },
    { who: 'insurance', providerDepartment: 'Human Resources and Social Security', typeName: 'InsuranceRecord', fields: ['contributionBase'] },
    { who: 'property', providerDepartment: 'Planning and Natural Resources', typeName: 'Property', fields: ['certificateNo', 'address'] },
  ] as const;
  for (const { who, ...input } of requests) {
    const requested = await hub.queryAs(
      'districtOfficer',
      `mutation ($input: AgreementRequestInput!) { requestAgreement(input: $input) { id status } }`,
      { input: { ...input, fields: [...input.fields], purpose: PURPOSE, validUntil, reason: '一网通办秒批: verify applicants without uploaded materials' } },
      PURPOSE,
    );
    if (requested.errors) throw new Error(`agreement request to ${input.providerDepartment} failed: ${JSON.stringify(requested.errors)}`);
    const token = await mintToken({ principal: PROVIDERS[who]!, keys: hub.keys!, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE });
    const approved = await hub.query(`mutation ($id: ID!) { approveAgreement(id: $id, note: "秒批") { status } }`, { id: requested.data.requestAgreement.id }, {
      authorization: `Bearer ${token}`,
      [PURPOSE_HEADER]: PURPOSE,
    });
    if (approved.data?.approveAgreement?.status !== 'APPROVED') throw new Error(`approval by ${input.providerDepartment} failed: ${JSON.stringify(approved.errors)}`);
  }
}

describe('scenario: seconds approval (秒批) of a service application', () => {
  let hub: TestHub;
  let application: ServiceApplicationRecord;

  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
    application = pickApplication(hub.city.model);
    await approveVerificationAgreements(hub);
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('verifies the applicant across household, social insurance and property records for the district officer, personal fields in the clear under the agreements', async () => {
    const expected = expectedVerification(hub.city.model, application);
    expect(expected.applicant.household.members.length).toBeGreaterThan(1);
    expect(expected.applicant.insuranceRecords.length).toBeGreaterThan(0);
    expect(expected.applicant.properties.length).toBeGreaterThan(0);

    const response = await hub.queryAs('districtOfficer', DOCUMENT, { applicationId: application.applicationId }, PURPOSE);
    expect(response.errors).toBeUndefined();
    expect(sorted(response.data.serviceApplication)).toEqual(expected);
  });

  it('shows the same officer reading for another purpose masked and withheld personal fields: the agreements name service approval only', async () => {
    const expected = expectedVerification(hub.city.model, application);
    const response = await hub.queryAs('districtOfficer', DOCUMENT, { applicationId: application.applicationId }, 'city-operations');
    const got = sorted(response.data.serviceApplication);
    expect(got.applicationId).toBe(application.applicationId);
    expect(got.applicant.personId).toBe(expected.applicant.personId);
    expect(got.applicant.name).toBe(maskValue('name', expected.applicant.name));
    expect(got.applicant.address).toBe(maskValue('address', expected.applicant.address));
    expect(got.applicant.idNumber).toBeNull();
    expect(got.applicant.properties.map((p: any) => p.certificateNo)).toEqual(expected.applicant.properties.map(() => null));
    expect(got.applicant.insuranceRecords.map((r: any) => r.contributionBase)).toEqual(expected.applicant.insuranceRecords.map(() => null));
    // The records themselves still verify: the insurance months and the property areas are not personal.
    expect(got.applicant.insuranceRecords.map((r: any) => r.monthsPaid)).toEqual(expected.applicant.insuranceRecords.map((r) => r.monthsPaid));
    expect(got.applicant.properties.map((p: any) => p.areaM2)).toEqual(expected.applicant.properties.map((p) => p.areaM2));
    expect(response.errors!.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('refuses the traffic police declaring service approval, which its token does not allow, before any system is read', async () => {
    const calls = hub.upstreamCalls.length;
    const response = await hub.queryAs('trafficPoliceOfficer', DOCUMENT, { applicationId: application.applicationId }, PURPOSE);
    expect(response.status).toBe(403);
    expect(response.data ?? null).toBeNull();
    expect(response.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(response.errors![0]!.message).toContain(PURPOSE);
    expect(hub.upstreamCalls.length).toBe(calls);
  });

  it('shows the traffic police reading for traffic enforcement the application with every personal field masked or withheld', async () => {
    const expected = expectedVerification(hub.city.model, application);
    const response = await hub.queryAs('trafficPoliceOfficer', DOCUMENT, { applicationId: application.applicationId }, 'traffic-enforcement');
    const got = sorted(response.data.serviceApplication);
    expect(got.applicant.name).toBe(maskValue('name', expected.applicant.name));
    expect(got.applicant.name).not.toBe(expected.applicant.name);
    expect(got.applicant.idNumber).toBeNull();
    expect(got.applicant.household.members.map((m: any) => m.name)).toEqual(expected.applicant.household.members.map((m) => maskValue('name', m.name)));
    expect(got.applicant.properties.map((p: any) => p.address)).toEqual(expected.applicant.properties.map((p) => maskValue('address', p.address)));
    expect(JSON.stringify(response)).not.toContain(expected.applicant.idNumber);
  });

  it("refuses the street officer an application filed in another street of the district, without saying whether it exists", async () => {
    const response = await hub.queryAs('streetOfficer', DOCUMENT, { applicationId: application.applicationId }, 'city-operations');
    expect(response.data.serviceApplication).toBeNull();
    expect(response.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const missing = await hub.queryAs('streetOfficer', DOCUMENT, { applicationId: 'BJ000000000000000' }, 'city-operations');
    expect(missing.data.serviceApplication).toBeNull();
    expect(missing.errors![0]!.message).toBe(response.errors![0]!.message);
  });
});

// The verification is recorded: the audit log names the applicant and the declared purpose.
describe('scenario: seconds approval (秒批) leaves its record in the audit log', () => {
  let hub: TestHub;
  let application: ServiceApplicationRecord;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true, audit: true });
    application = pickApplication(hub.city.model);
    await approveVerificationAgreements(hub);
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('records the verification in the audit log: the district officer, the purpose, the operation and the applicant read from each register', async () => {
    const personId = application.applicantPersonId;
    await hub.audit!.log.flush();
    const before = (await hub.audit!.log.search({ personalKey: personId, purpose: PURPOSE }, { first: 100 })).entries.length;
    const response = await hub.queryAs('districtOfficer', DOCUMENT, { applicationId: application.applicationId }, PURPOSE);
    expect(response.errors).toBeUndefined();
    const requestId = (response as { extensions?: { requestId?: string } }).extensions?.requestId;
    expect(requestId).toEqual(expect.any(String));

    await hub.audit!.log.flush();
    const page = await hub.audit!.log.search({ personalKey: personId, purpose: PURPOSE }, { first: 100 });
    expect(page.entries).toHaveLength(before + 1);
    const entry = page.entries[0]!;
    expect(entry.requestId).toBe(requestId);
    expect(entry).toMatchObject({ principal: 'persona-district-officer', department: 'District Operations Center 310106', purpose: PURPOSE, operationName: 'SecondsApproval', outcome: 'ok' });
    const systems = new Map(entry.sources.map((source) => [source.system, source]));
    for (const system of ['service-applications', 'population-registry', 'social-insurance', 'property-registry']) expect(systems.has(system)).toBe(true);
    expect(systems.get('population-registry')!.personalKeys).toContain(personId);
    expect(systems.get('population-registry')!.fieldsRead).toEqual(expect.arrayContaining(['Person.name', 'Person.idNumber']));
    expect(systems.get('social-insurance')!.fieldsRead).toContain('InsuranceRecord.contributionBase');
    expect(systems.get('property-registry')!.fieldsRead).toContain('Property.certificateNo');
    expect((await hub.audit!.log.verify()).ok).toBe(true);
  });
});
