import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityModel } from '../../connectors/sample-city/index.ts';
import { simulatedBuildings } from '../../connectors/sample-city/simulators/graphql-building-models.ts';
import { protectedBuildings, type VibrationAlarmRecord } from '../../connectors/sample-city/simulators/protected-buildings.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const DOCUMENT = readFileSync(new URL('../../gateway/operations/historic-buildings.graphql', import.meta.url), 'utf8');
const DISTRICT = '310106';
const STREET = '310106013';

/** A legacy local time (Asia/Shanghai) as the DateTime scalar answers it. */
const cityTime = (local: string | null) => (local === null ? null : new Date(`${local.replace(' ', 'T')}+08:00`).toISOString());

/** The alarms the monitors within `scope` have published up to `ticks` rounds, by alarm id. */
function expectedAlarms(model: CityModel, scope: string, ticks: number): VibrationAlarmRecord[] {
  const city = protectedBuildings(model);
  const alarms: VibrationAlarmRecord[] = [];
  city.monitors.forEach((monitor, index) => {
    if (!monitor.gridCode.startsWith(scope)) return;
    for (let tick = 0; tick < ticks; tick += 1) alarms.push(city.alarmAt(index, tick));
  });
  return alarms.sort((a, b) => a.alarmId.localeCompare(b.alarmId));
}

/** The answer the scenario must give for one alarm, computed from the city model. */
function expectedRow(model: CityModel, alarm: VibrationAlarmRecord, phone: (officerPhone: string) => string | null) {
  const city = protectedBuildings(model);
  const building = simulatedBuildings(model).find((b) => b.buildingId === alarm.buildingId)!;
  const record = city.records.find((r) => r.buildingId === alarm.buildingId)!;
  const officer = alarm.closedByOfficerId ? city.officers.find((o) => o.officerId === alarm.closedByOfficerId)! : null;
  return {
    alarmId: alarm.alarmId,
    monitorId: alarm.monitorId,
    peakVelocityMmS: alarm.peakVelocityMmS,
    thresholdMmS: alarm.thresholdMmS,
    raisedAt: cityTime(alarm.raisedAt),
    open: alarm.open,
    state: alarm.state,
    closedAt: cityTime(alarm.closedAt),
    note: alarm.note,
    building: {
      buildingId: building.buildingId,
      name: building.name,
      address: building.address,
      use: building.use,
      ownerDepartment: model.buildings.find((b) => b.buildingId === alarm.buildingId)!.ownerDepartment,
      floors: building.floors,
      historicListing: { name: record.name, protectionLevel: record.protectionLevel, listedBatch: record.listedBatch, yearBuilt: record.yearBuilt, custodian: record.custodian },
    },
    closedBy: officer && { officerId: officer.officerId, name: officer.name, phone: phone(officer.phone), role: '房管员', streetCode: officer.streetCode },
  };
}

const byAlarmId = (rows: Array<{ alarmId: string }>) => [...rows].sort((a, b) => a.alarmId.localeCompare(b.alarmId));

describe('scenario: historic buildings (三保卫士) vibration alarms', () => {
  let hub: TestHub;
  /** Polls until the hub's MQTT connector holds `count` alarms within the district. */
  async function waitForAlarms(count: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await hub.queryAs('cityOperationsOfficer', `{ vibrationAlarms(within: "${DISTRICT}", first: 500) { alarmId } }`);
      const have = response.data?.vibrationAlarms?.length ?? 0;
      if (have === count) return;
      if (Date.now() > deadline) throw new Error(`vibration alarms of ${DISTRICT}: ${have} of ${count} arrived (${JSON.stringify(response.errors)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
    await waitForAlarms(expectedAlarms(hub.city.model, DISTRICT, 1).length);
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('shows the city operations officer every alarm of the district with its building, owner department, listing and closing officer', async () => {
    const { model } = hub.city;
    const alarms = expectedAlarms(model, DISTRICT, 1);
    expect(alarms.length).toBeGreaterThan(3);
    expect(alarms.some((a) => a.open)).toBe(true);
    expect(alarms.some((a) => !a.open)).toBe(true);

    const response = await hub.queryAs('cityOperationsOfficer', DOCUMENT, { within: DISTRICT });
    // The only thing withheld: the officers' work mobiles (conditional, no agreement).
    expect(response.errors?.map((e) => [e.extensions?.field, e.extensions?.reason])).toEqual([['HousingOfficer.phone', 'no-agreement']]);
    expect(byAlarmId(response.data.vibrationAlarms)).toEqual(alarms.map((alarm) => expectedRow(model, alarm, () => null)));
    for (const row of response.data.vibrationAlarms) expect(row.building.historicListing.protectionLevel).toMatch(/^(市级|区级)$/);
  });

  it('limits a street officer to the alarms of their street, whatever scope they ask for', async () => {
    const { model } = hub.city;
    const alarms = expectedAlarms(model, STREET, 1);
    expect(alarms.length).toBeGreaterThan(0);
    expect(expectedAlarms(model, DISTRICT, 1).length).toBeGreaterThan(alarms.length);

    const response = await hub.queryAs('streetOfficer', DOCUMENT, { within: DISTRICT });
    expect(response.status).toBe(200);
    expect(byAlarmId(response.data.vibrationAlarms)).toEqual(alarms.map((alarm) => expectedRow(model, alarm, () => null)));
    expect(response.errors).toContainEqual(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'HousingOfficer.phone', reason: 'no-agreement', code: 'FORBIDDEN' }) }),
    );
  });

  it('refuses an open-data app, since the alarms are government data', async () => {
    const response = await hub.queryAs('appDeveloper', DOCUMENT, { within: DISTRICT });
    expect(response.status).toBe(403);
    expect(response.data?.vibrationAlarms ?? null).toBeNull();
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'public-principal' });
  });

  it('answers the alarms of the next round once the monitors publish it', async () => {
    const { model } = hub.city;
    await hub.city.tick();
    const alarms = expectedAlarms(model, DISTRICT, 2);
    await waitForAlarms(alarms.length);
    const response = await hub.queryAs('cityOperationsOfficer', DOCUMENT, { within: DISTRICT });
    expect(byAlarmId(response.data.vibrationAlarms)).toEqual(alarms.map((alarm) => expectedRow(model, alarm, () => null)));
  });
});
