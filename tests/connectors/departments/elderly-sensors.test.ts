import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import elderlySensors from '../../../connectors/sample-city/departments/elderly-sensors.ts';
import { createCityModel } from '../../../connectors/sample-city/simulators/city-model.ts';
import { elderlyHomes } from '../../../connectors/sample-city/simulators/elderly-homes.ts';
import spec from '../../../connectors/sample-city/simulators/systems/elderly-sensors.ts';
import type { MqttHealth } from '../../../connectors/index.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

const STREET = '310106013';

/** A legacy local time (Asia/Shanghai) as the DateTime scalar answers it. */
const cityTime = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`).toISOString();

async function waitForDevices(system: DepartmentSystem, expected: Record<string, number>): Promise<void> {
  const deadline = Date.now() + 5_000;
  await system.connector.probe();
  for (;;) {
    const devices = (system.connector.health!() as MqttHealth).devices;
    if (Object.entries(expected).every(([type, count]) => devices[type] === count)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(expected)}, have ${JSON.stringify(devices)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the elderly-sensors system (mqtt)', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(elderlySensors, spec);
    const homes = elderlyHomes(system.model);
    await waitForDevices(system, { HomeSensor: homes.sensors.length, SensorAlarm: homes.alarms.length });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('fits four sensors in the home of every elder living alone, and derives alarms and visits that agree', () => {
    const homes = elderlyHomes(system.model);
    const alone = system.model.elderly.filter((e) => e.livesAlone);
    expect(homes.sensors).toHaveLength(alone.length * 4);
    expect(new Set(homes.sensors.map((s) => s.sensorId)).size).toBe(homes.sensors.length);
    expect(new Set(homes.alarms.map((a) => a.alarmId)).size).toBe(homes.alarms.length);
    const byId = new Map(homes.alarms.map((a) => [a.alarmId, a]));
    expect(homes.visits.length).toBe(homes.alarms.filter((a) => a.status !== '未处置').length);
    for (const visit of homes.visits) {
      const alarm = byId.get(visit.alarmId)!;
      expect(visit.personId).toBe(alarm.personId);
      expect(visit.outcome === null).toBe(alarm.status === '已派单');
    }
    // Same model, same derivation (cached), and a fresh model derives the same alarms.
    expect(elderlyHomes(system.model)).toBe(homes);
    expect(elderlyHomes(createCityModel({ scale: 'small' })).alarms).toEqual(homes.alarms);
  });

  it('serves the latest state of every home sensor of a street, typed by the catalogue', async () => {
    const homes = elderlyHomes(system.model);
    const openSensors = new Set(homes.alarms.filter((a) => a.status !== '已办结').map((a) => a.sensorId));
    const expected = homes.sensors.filter((s) => s.streetCode === STREET).sort((a, b) => a.sensorId.localeCompare(b.sensorId));
    expect(expected.length).toBeGreaterThan(8);
    const result = await system.run(
      `query ($street: AdminCode) { homeSensors(where: { streetCode: $street }, first: 1000) { sensorId personId kind state alarm unit batteryPercent measuredAt gridCode } }`,
      { street: STREET },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.homeSensors.map((s: any) => s.sensorId)).toEqual(expected.map((s) => s.sensorId));
    for (const [index, sensor] of expected.entries()) {
      expect(result.data.homeSensors[index]).toMatchObject({
        personId: sensor.personId,
        kind: sensor.kind,
        unit: sensor.unit,
        alarm: openSensors.has(sensor.sensorId),
        state: openSensors.has(sensor.sensorId) ? '报警' : '正常',
        batteryPercent: sensor.batteryAtStart,
        gridCode: sensor.gridCode,
      });
    }
    expect(new Set(result.data.homeSensors.map((s: any) => s.kind))).toEqual(new Set(['门磁', '燃气', '烟感', '人体红外']));
  });

  it('lists the open alarms of the city with their status', async () => {
    const homes = elderlyHomes(system.model);
    const open = homes.alarms.filter((a) => a.status !== '已办结').sort((a, b) => a.alarmId.localeCompare(b.alarmId));
    const result = await system.run(`{ sensorAlarms(where: { open: true }, first: 1000) { alarmId status description reading raisedAt personId } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.sensorAlarms).toEqual(
      open.map((a) => ({ alarmId: a.alarmId, status: a.status, description: a.description, reading: a.reading, raisedAt: cityTime(a.raisedAt), personId: a.personId })),
    );
  });

  it('resolves the sensors of a batch of elders in one read', async () => {
    const homes = elderlyHomes(system.model);
    const elders = [...new Set(homes.sensors.map((s) => s.personId))].slice(0, 25);
    system.upstreamCalls.length = 0;
    const result = await system.run(`query ($keys: [String!]!) { _lookupElderlyResident(keys: $keys) { personId homeSensors { sensorId kind } sensorAlarms { alarmId sensor { kind } } } }`, { keys: elders });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupElderlyResident.map((e: any) => e.homeSensors.length)).toEqual(elders.map(() => 4));
    const calls = system.upstreamCalls.map((call) => `${call.type}:${call.batchSize}`);
    expect(calls.filter((c) => c.startsWith('HomeSensor:'))).toHaveLength(elders.length > 0 ? 2 : 0);
    expect(calls).toContain(`HomeSensor:${elders.length}`);
    expect(calls).toContain(`SensorAlarm:${elders.length}`);
  });
});
