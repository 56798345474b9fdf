import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elderlyHomes, type HomeAlarmRecord } from '../../connectors/sample-city/simulators/elderly-homes.ts';
import type { CityModel } from '../../connectors/sample-city/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const DOCUMENT = readFileSync(new URL('../../gateway/operations/elderly-living-alone.graphql', import.meta.url), 'utf8');
const STREET = '310106013';
const OTHER_STREET = '310106016';

/** A legacy local time (Asia/Shanghai) as the DateTime scalar answers it. */
const cityTime = (local: string | null) => (local === null ? null : new Date(`${local.replace(' ', 'T')}+08:00`).toISOString());

/** What the city model says the scenario must answer for a street. */
function expectedFor(model: CityModel, street: string) {
  const residents = new Map(model.residents.map((r) => [r.personId, r]));
  const workers = new Map(model.workers.map((w) => [w.workerId, w]));
  const homes = elderlyHomes(model);
  const elders = model.elderly
    .filter((e) => e.livesAlone && residents.get(e.personId)!.streetCode === street)
    .sort((a, b) => a.personId.localeCompare(b.personId));
  const openAlarms = homes.alarms.filter((a) => a.streetCode === street && a.status !== '已办结').sort((a, b) => a.alarmId.localeCompare(b.alarmId));
  const visitOf = (alarm: HomeAlarmRecord) => homes.visits.find((v) => v.alarmId === alarm.alarmId) ?? null;
  return { residents, workers, homes, elders, openAlarms, visitOf };
}

describe('scenario: elderly living alone (独居老人) for a street', () => {
  let hub: TestHub;
  let clock = new Date('2031-03-01T00:00:00Z');
  beforeAll(async () => {
    hub = await startTestHub({ governance: { now: () => clock } });
    // The sensors' retained readings reach the hub's MQTT connector asynchronously after it
    // subscribes: wait until every home sensor and alarm of the district has arrived.
    const homes = elderlyHomes(hub.city.model);
    const want = homes.sensors.filter((s) => s.streetCode.startsWith('310106')).length + homes.alarms.filter((a) => a.streetCode.startsWith('310106')).length;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await hub.queryAs('caseWorker', `{ homeSensors(within: "310106", first: 1000) { sensorId } sensorAlarms(within: "310106", first: 1000) { alarmId } }`, undefined, 'elderly-care');
      const have = (response.data?.homeSensors?.length ?? 0) + (response.data?.sensorAlarms?.length ?? 0);
      if (have === want) break;
      if (Date.now() > deadline) throw new Error(`home sensors and alarms of 310106 did not all arrive: ${have} of ${want} (${JSON.stringify(response.errors)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('shows the civil-affairs case worker every elder living alone in the street, their sensors, open alarms and visits, in the clear', async () => {
    const { residents, workers, homes, elders, openAlarms, visitOf } = expectedFor(hub.city.model, STREET);
    expect(elders.length).toBeGreaterThan(2);
    expect(openAlarms.some((a) => visitOf(a) !== null)).toBe(true);

    const response = await hub.queryAs('caseWorker', DOCUMENT, { street: STREET }, 'elderly-care');
    expect(response.errors).toBeUndefined();
    const { street, elderlyResidents, openAlarms: alarms } = response.data;
    expect(street).toEqual({ code: STREET, name: '曹家渡街道', district: { name: '静安区' } });

    expect(elderlyResidents.map((e: any) => e.personId)).toEqual(elders.map((e) => e.personId));
    for (const [index, elder] of elders.entries()) {
      const resident = residents.get(elder.personId)!;
      const worker = workers.get(elder.assignedWorkerId)!;
      const got = elderlyResidents[index];
      expect(got).toMatchObject({
        name: resident.name,
        idNumber: resident.idNumber,
        phone: resident.phone,
        careLevel: elder.careLevel,
        gridCode: resident.gridCode,
        assignedWorker: { workerId: worker.workerId, name: worker.name, phone: worker.phone },
      });
      const sensors = homes.sensors.filter((s) => s.personId === elder.personId);
      expect(got.homeSensors.map((s: any) => s.kind).sort()).toEqual(['人体红外', '烟感', '燃气', '门磁'].sort());
      for (const sensor of sensors) {
        const open = homes.alarms.find((a) => a.sensorId === sensor.sensorId && a.status !== '已办结');
        expect(got.homeSensors.find((s: any) => s.sensorId === sensor.sensorId)).toMatchObject({
          alarm: open !== undefined,
          state: open ? '报警' : '正常',
          unit: sensor.unit,
          batteryPercent: sensor.batteryAtStart,
          ...(open ? { reading: open.reading } : {}),
        });
      }
      const history = homes.alarms.filter((a) => a.personId === elder.personId);
      expect(got.sensorAlarms).toEqual(
        history.map((a) => {
          const visit = visitOf(a);
          return {
            alarmId: a.alarmId,
            status: a.status,
            raisedAt: cityTime(a.raisedAt),
            homeVisit: visit && { outcome: visit.outcome, notes: visit.notes, worker: { name: workers.get(visit.workerId)!.name } },
          };
        }),
      );
    }

    expect(alarms.map((a: any) => a.alarmId)).toEqual(openAlarms.map((a) => a.alarmId));
    for (const [index, alarm] of openAlarms.entries()) {
      const visit = visitOf(alarm);
      const resident = residents.get(alarm.personId)!;
      expect(alarms[index]).toEqual({
        alarmId: alarm.alarmId,
        kind: alarm.kind,
        description: alarm.description,
        raisedAt: cityTime(alarm.raisedAt),
        status: alarm.status,
        elderlyResident: { personId: alarm.personId, name: resident.name, phone: resident.phone },
        homeVisit: visit && {
          visitId: visit.visitId,
          dispatchedAt: cityTime(visit.dispatchedAt),
          arrivedAt: cityTime(visit.arrivedAt),
          outcome: visit.outcome,
          notes: visit.notes,
          worker: {
            workerId: visit.workerId,
            name: workers.get(visit.workerId)!.name,
            role: workers.get(visit.workerId)!.role,
            phone: workers.get(visit.workerId)!.phone,
          },
        },
      });
    }
  });

  it("shows the street officer the same rows of their street with names, ID numbers, phones and readings withheld, and workers' names masked", async () => {
    const { workers, elders, openAlarms, visitOf } = expectedFor(hub.city.model, STREET);
    const response = await hub.queryAs('streetOfficer', DOCUMENT, { street: STREET }, 'elderly-care');
    expect(response.data.elderlyResidents.map((e: any) => e.personId)).toEqual(elders.map((e) => e.personId));
    for (const got of response.data.elderlyResidents) {
      expect(got).toMatchObject({ name: null, idNumber: null, phone: null });
      expect(got.homeSensors).toHaveLength(4);
      expect(got.homeSensors.every((s: any) => s.reading === null && typeof s.state === 'string')).toBe(true);
      // Community workers' names are shared with every government principal, masked (张*).
      expect(got.assignedWorker.phone).toBeNull();
      expect(got.assignedWorker.name).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
    }
    expect(response.data.openAlarms.map((a: any) => a.alarmId)).toEqual(openAlarms.map((a) => a.alarmId));
    for (const [index, alarm] of openAlarms.entries()) {
      const got = response.data.openAlarms[index];
      const visit = visitOf(alarm);
      expect(got.elderlyResident).toEqual({ personId: alarm.personId, name: null, phone: null });
      expect(got.status).toBe(alarm.status);
      if (visit) {
        const worker = workers.get(visit.workerId)!;
        expect(got.homeVisit).toMatchObject({ visitId: visit.visitId, outcome: visit.outcome, notes: null });
        expect(got.homeVisit.worker.workerId).toBe(worker.workerId);
        expect(got.homeVisit.worker.name).not.toBe(worker.name);
        expect(got.homeVisit.worker.name.startsWith(worker.name[0]!)).toBe(true);
      } else {
        expect(got.homeVisit).toBeNull();
      }
    }
    const withheld = (response.errors ?? []).map((error) => error.extensions?.field).filter(Boolean);
    expect(withheld).toEqual(expect.arrayContaining(['ElderlyResident.name', 'ElderlyResident.idNumber', 'ElderlyResident.phone', 'CommunityWorker.phone', 'HomeSensor.reading']));
    // Nothing personal leaks through an error message.
    const text = JSON.stringify(response);
    for (const elder of elders) expect(text).not.toContain(hub.city.model.residents.find((r) => r.personId === elder.personId)!.phone);
  });

  it('shows the street officer nothing of another street, though the case worker of the district sees it', async () => {
    const other = expectedFor(hub.city.model, OTHER_STREET);
    expect(other.elders.length).toBeGreaterThan(0);
    const officer = await hub.queryAs('streetOfficer', DOCUMENT, { street: OTHER_STREET }, 'elderly-care');
    expect(officer.data.elderlyResidents).toEqual([]);
    expect(officer.data.openAlarms).toEqual([]);
    const worker = await hub.queryAs('caseWorker', DOCUMENT, { street: OTHER_STREET }, 'elderly-care');
    expect(worker.data.elderlyResidents.map((e: any) => e.personId)).toEqual(other.elders.map((e) => e.personId));
    expect(worker.data.openAlarms.map((a: any) => a.alarmId)).toEqual(other.openAlarms.map((a) => a.alarmId));
  });

  it('shows the street officer the names and phones of their elders once civil affairs approves an agreement for elderly care', async () => {
    const { residents, elders } = expectedFor(hub.city.model, STREET);
    const requested = await hub.queryAs(
      'streetOfficer',
      `mutation ($input: AgreementRequestInput!) { requestAgreement(input: $input) { id status } }`,
      {
        input: {
          providerDepartment: 'Civil Affairs Bureau',
          typeName: 'ElderlyResident',
          fields: ['name', 'phone'],
          purpose: 'elderly-care',
          validFrom: clock.toISOString(),
          validUntil: new Date(clock.getTime() + 30 * 86_400_000).toISOString(),
          reason: 'Street office calls elders living alone when their home sensors raise an alarm',
        },
      },
      'elderly-care',
    );
    expect(requested.errors).toBeUndefined();
    const id = requested.data.requestAgreement.id;
    const approved = await hub.queryAs('caseWorker', `mutation { approveAgreement(id: "${id}") { status } }`, undefined, 'elderly-care');
    expect(approved.data.approveAgreement.status).toBe('APPROVED');

    const response = await hub.queryAs('streetOfficer', DOCUMENT, { street: STREET }, 'elderly-care');
    expect(response.data.elderlyResidents.map((e: any) => [e.personId, e.name, e.phone, e.idNumber])).toEqual(
      elders.map((e) => [e.personId, residents.get(e.personId)!.name, residents.get(e.personId)!.phone, null]),
    );
    // Another purpose is not covered: the same officer reading for city operations gets them withheld.
    const other = await hub.queryAs('streetOfficer', DOCUMENT, { street: STREET }, 'city-operations');
    expect(other.data.elderlyResidents.every((e: any) => e.name === null && e.phone === null)).toBe(true);

    await hub.queryAs('caseWorker', `mutation { revokeAgreement(id: "${id}", reason: "scenario over") { status } }`, undefined, 'elderly-care');
    clock = new Date(clock.getTime() + 1_000);
  });
});
