import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityModel } from '../../connectors/sample-city/index.ts';
import { muckTrafficOf } from '../../connectors/sample-city/simulators/muck-traffic.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { mintToken, PERSONAS, PURPOSE_HEADER, type Principal } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const DOCUMENT = readFileSync(new URL('../../gateway/operations/muck-trucks.graphql', import.meta.url), 'utf8');
const DISTRICT = '310106';
const PASSAGE_FIELDS = ['plate', 'passedAt', 'onApprovedRoute', 'manifestNo'];

/** A legacy local time (Asia/Shanghai) as the DateTime scalar answers it. */
const cityTime = (local: string | null) => (local === null ? null : new Date(`${local.replace(' ', 'T')}+08:00`).toISOString());

/** An officer of the Traffic Police, the department that provides passages and decides on agreements. */
const TRAFFIC_POLICE_DESK: Principal = {
  subject: 'traffic-police-data-desk',
  displayName: 'Traffic Police data desk',
  department: 'Traffic Police',
  roles: ['officer'],
  jurisdictions: ['3101'],
  purposes: ['traffic-enforcement'],
};

/** The site of the district the scenario asks about: the one with the most off-route passages. */
function pickSite(model: CityModel) {
  const traffic = muckTrafficOf(model);
  const offRoute = (siteId: string) => traffic.trips.filter((t) => t.siteId === siteId && t.offRoute).length;
  return [...model.constructionSites.filter((s) => s.districtCode === DISTRICT)].sort((a, b) => offRoute(b.siteId) - offRoute(a.siteId))[0]!;
}

/** What the city model says the scenario must answer for a site, for a reader allowed every field. */
function expectedFor(model: CityModel, siteId: string) {
  const traffic = muckTrafficOf(model);
  return traffic.permits
    .filter((p) => p.siteId === siteId)
    .map((permit) => ({
      permitNo: permit.permitNo,
      routeCheckpoints: permit.route.join(';'),
      disposalSite: permit.disposalSite,
      carrier: { creditCode: permit.carrierCreditCode, name: model.enterprises.find((e) => e.creditCode === permit.carrierCreditCode)!.name },
      trucks: traffic.trucks
        .filter((t) => t.permitNo === permit.permitNo)
        .sort((a, b) => a.plate.localeCompare(b.plate))
        .map((truck) => ({
          plate: truck.plate,
          driverName: truck.driverName,
          tripsToday: traffic.trips
            .filter((t) => t.plate === truck.plate)
            .map((trip) => ({
              manifestNo: trip.manifestNo,
              departedAt: cityTime(trip.departedAt),
              arrivedAt: cityTime(trip.arrivedAt),
              passages: traffic.passages
                .filter((p) => p.manifestNo === trip.manifestNo)
                .map((p) => ({ passageId: p.passageId, checkpointId: p.checkpointId, plate: p.plate, passedAt: cityTime(p.passedAt), onApprovedRoute: p.onApprovedRoute })),
            })),
          violations: traffic.violations.filter((v) => v.plate === truck.plate).map((v) => ({ violationId: v.violationId, code: v.code, passageId: v.passageId, occurredAt: cityTime(v.occurredAt), driverName: v.driverName })),
        })),
    }));
}

describe('scenario: muck trucks (渣土车) at a construction site', () => {
  let hub: TestHub;
  const clock = new Date('2026-07-01T12:00:00Z');
  beforeAll(async () => {
    hub = await startTestHub({ governance: { now: () => clock } });
    // The dust monitors' retained readings reach the hub's MQTT connector after it subscribes.
    const want = hub.city.model.constructionSites.filter((s) => s.districtCode === DISTRICT).length;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await hub.queryAs('districtOfficer', `{ dustReadings(within: "${DISTRICT}", first: 1000) { monitorId } }`, undefined, 'city-operations');
      if ((response.data?.dustReadings?.length ?? 0) === want) break;
      if (Date.now() > deadline) throw new Error(`dust readings of ${DISTRICT} did not arrive: ${JSON.stringify(response.errors ?? response.data)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  /** Sends a request as any principal (the personas cover no Traffic Police officer). */
  async function queryAsPrincipal(principal: Principal, query: string, variables: Record<string, unknown>, purpose: string) {
    const token = await mintToken({ principal, keys: hub.keys!, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE });
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}`, [PURPOSE_HEADER]: purpose },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  }

  it('shows the traffic-police officer, under an agreement with the Traffic Police, every permit, truck, trip, passage and violation of the site', async () => {
    const { model } = hub.city;
    const site = pickSite(model);
    const expected = expectedFor(model, site.siteId);
    const offRoute = expected.flatMap((p) => p.trucks.flatMap((t) => t.tripsToday.flatMap((trip) => trip.passages.filter((x) => x.onApprovedRoute === false))));
    expect(offRoute.length).toBeGreaterThan(0);

    // Before the agreement, passages come back without plate, time or route flag.
    const before = await hub.queryAs('trafficPoliceOfficer', DOCUMENT, { siteId: site.siteId }, 'traffic-enforcement');
    const firstPassage = before.data.constructionSite.muckPermits[0].trucks[0].tripsToday[0].passages[0];
    expect(firstPassage).toMatchObject({ plate: null, passedAt: null, onApprovedRoute: null });

    // The brigade asks the Traffic Police for passage details and the parties of violations; the Traffic Police approves.
    for (const [typeName, fields] of [['VehiclePassage', PASSAGE_FIELDS], ['TrafficViolation', ['driverName']]] as const) {
      const requested = await hub.queryAs(
        'trafficPoliceOfficer',
        `mutation($input: AgreementRequestInput!) { requestAgreement(input: $input) { id status } }`,
        { input: { providerDepartment: 'Traffic Police', typeName, fields, purpose: 'traffic-enforcement', validFrom: clock.toISOString(), validUntil: '2026-12-31T00:00:00Z', reason: 'Muck-truck route enforcement at construction sites' } },
        'traffic-enforcement',
      );
      expect(requested.errors).toBeUndefined();
      const approved = await queryAsPrincipal(TRAFFIC_POLICE_DESK, `mutation($id: ID!) { approveAgreement(id: $id) { status } }`, { id: requested.data.requestAgreement.id }, 'traffic-enforcement');
      expect(approved.data?.approveAgreement).toEqual({ status: 'APPROVED' });
    }

    const response = await hub.queryAs('trafficPoliceOfficer', DOCUMENT, { siteId: site.siteId }, 'traffic-enforcement');
    expect(response.errors).toBeUndefined();
    const answer = response.data.constructionSite;
    expect(answer).toMatchObject({ siteId: site.siteId, name: site.name, districtCode: DISTRICT, streetCode: site.streetCode, builder: { creditCode: site.creditCode, name: model.enterprises.find((e) => e.creditCode === site.creditCode)!.name } });
    const monitor = muckTrafficOf(model).dustMonitors.find((m) => m.siteId === site.siteId)!;
    expect(answer.dustReading.monitorId).toBe(monitor.monitorId);
    expect(answer.dustReading.alarm).toBe(answer.dustReading.pm10 > 150);

    expect(answer.muckPermits).toHaveLength(expected.length);
    for (const [p, permit] of expected.entries()) {
      const got = answer.muckPermits[p];
      expect(got).toMatchObject({ permitNo: permit.permitNo, routeCheckpoints: permit.routeCheckpoints, disposalSite: permit.disposalSite, carrier: permit.carrier });
      expect(got.trucks.map((t: any) => t.plate)).toEqual(permit.trucks.map((t) => t.plate));
      for (const [t, truck] of permit.trucks.entries()) {
        const gotTruck = got.trucks[t];
        // The driver's name is personal data no agreement here covers: masked.
        expect(gotTruck.driverName).toBe(`${[...truck.driverName][0]}*`.padEnd([...truck.driverName].length, '*'));
        expect(gotTruck.tripsToday.map((trip: any) => ({ manifestNo: trip.manifestNo, departedAt: trip.departedAt, arrivedAt: trip.arrivedAt, passages: trip.passages }))).toEqual(truck.tripsToday);
        expect(gotTruck.vehicle.violations.map((v: any) => ({ violationId: v.violationId, code: v.code, passageId: v.passageId, occurredAt: v.occurredAt, driverName: v.driverName }))).toEqual(truck.violations);
        // Every off-route passage of the truck has its violation (1344).
        for (const passage of truck.tripsToday.flatMap((trip) => trip.passages).filter((x) => x.onApprovedRoute === false)) {
          expect(gotTruck.vehicle.violations.find((v: any) => v.passageId === passage.passageId)?.code).toBe('1344');
        }
      }
    }
  });

  it('shows the district officer the same permits, trucks and trips, but withholds passage details and driver names without an agreement', async () => {
    const { model } = hub.city;
    const site = pickSite(model);
    const expected = expectedFor(model, site.siteId);
    const response = await hub.queryAs('districtOfficer', DOCUMENT, { siteId: site.siteId }, 'city-operations');
    const answer = response.data.constructionSite;
    expect(answer.siteId).toBe(site.siteId);
    expect(answer.muckPermits.map((p: any) => p.permitNo)).toEqual(expected.map((p) => p.permitNo));
    const trucks = answer.muckPermits.flatMap((p: any) => p.trucks);
    expect(trucks.map((t: any) => t.plate)).toEqual(expected.flatMap((p) => p.trucks.map((t) => t.plate)));
    const trips = trucks.flatMap((t: any) => t.tripsToday);
    expect(trips.map((t: any) => t.manifestNo)).toEqual(expected.flatMap((p) => p.trucks.flatMap((t) => t.tripsToday.map((trip) => trip.manifestNo))));
    const passages = trips.flatMap((t: any) => t.passages);
    expect(passages.length).toBeGreaterThan(0);
    // The rows are there (the passage ids and checkpoints are shared), the enforcement details are not.
    expect(passages.every((p: any) => p.plate === null && p.passedAt === null && p.onApprovedRoute === null && typeof p.checkpointId === 'string')).toBe(true);
    const violations = trucks.flatMap((t: any) => t.vehicle.violations);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v: any) => v.driverName === null && typeof v.code === 'string')).toBe(true);
    expect(response.errors?.every((e: any) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it("shows the street officer of another street nothing of the site", async () => {
    const site = pickSite(hub.city.model);
    expect(site.streetCode).not.toBe(PERSONAS.streetOfficer.jurisdictions[0]);
    const response = await hub.queryAs('streetOfficer', DOCUMENT, { siteId: site.siteId }, 'city-operations');
    expect(response.data.constructionSite).toBeNull();
    expect(response.errors!.map((e: any) => e.extensions.code)).toContain('FORBIDDEN');
    // Listing the district, the officer gets only the rows of their own street: no trip of any site in the district.
    const street = PERSONAS.streetOfficer.jurisdictions[0]!;
    const listed = await hub.queryAs('streetOfficer', `{ muckTrips(within: "${DISTRICT}", first: 1000) { manifestNo } muckPermits(within: "${DISTRICT}", first: 1000) { permitNo } vehiclePassages(within: "${DISTRICT}", first: 1000) { streetCode } }`, undefined, 'city-operations');
    expect(listed.errors).toBeUndefined();
    const traffic = muckTrafficOf(hub.city.model);
    expect(listed.data.muckTrips.map((t: any) => t.manifestNo)).toEqual(traffic.trips.filter((t) => t.streetCode.startsWith(street)).map((t) => t.manifestNo));
    expect(listed.data.muckPermits.map((p: any) => p.permitNo)).toEqual(traffic.permits.filter((p) => p.streetCode.startsWith(street)).map((p) => p.permitNo));
    expect(listed.data.vehiclePassages.length).toBe(Math.min(1000, traffic.passages.filter((p) => p.streetCode === street).length));
    expect(listed.data.vehiclePassages.every((p: any) => p.streetCode === street)).toBe(true);
  });
});
