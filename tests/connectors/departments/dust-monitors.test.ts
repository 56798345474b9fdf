import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/dust-monitors.ts';
import { DUST_PM10_ALARM, muckTrafficOf } from '../../../connectors/sample-city/simulators/muck-traffic.ts';
import spec, { dustSensors } from '../../../connectors/sample-city/simulators/systems/dust-monitors.ts';
import { eventually, isoOf, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the dust-monitors connector over its simulated site monitors', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('keeps the latest reading of the monitor at every construction site', async () => {
    const sensors = dustSensors(system.model);
    const sites = system.model.constructionSites;
    const result = await eventually('every monitor', () => system.run(`{ dustReadings(first: 1000) { monitorId siteId streetCode pm10 measuredAt alarm } }`), (r) => r.data?.dustReadings?.length === sites.length);
    expect(result.errors).toBeUndefined();
    const monitors = muckTrafficOf(system.model).dustMonitors;
    for (const row of result.data.dustReadings) {
      const index = monitors.findIndex((m) => m.monitorId === row.monitorId);
      const reading = sensors[index]!.reading(0);
      expect(row).toEqual({ monitorId: monitors[index]!.monitorId, siteId: monitors[index]!.siteId, streetCode: monitors[index]!.streetCode, pm10: reading.PM10, measuredAt: isoOf(String(reading.CJSJ)), alarm: Number(reading.PM10) > DUST_PM10_ALARM });
    }
    // Some sites are dusty enough to raise the alarm, most are not.
    const alarms = result.data.dustReadings.filter((r: any) => r.alarm).length;
    expect(alarms).toBeGreaterThan(0);
    expect(alarms).toBeLessThan(sites.length);
  });

  it('answers a batch of construction sites with their dust readings in one read', async () => {
    const sites = system.model.constructionSites.filter((s) => s.districtCode === '310106').map((s) => s.siteId);
    system.upstreamCalls.length = 0;
    const result = await system.run(`query($ids: [String!]!) { _lookupConstructionSite(keys: $ids) { siteId dustReading { monitorId site { siteId } } } }`, { ids: sites });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupConstructionSite.map((s: any) => s.dustReading.monitorId)).toEqual(sites.map((id) => `YC${id.slice(2)}`));
    expect(system.upstreamCalls.map((c) => c.type)).toEqual(['DustReading']);
  });

  it('moves to the next reading after a tick', async () => {
    await system.mqtt!.tick();
    const sensor = dustSensors(system.model)[0]!;
    const result = await eventually('the second reading', () => system.run(`{ dustReading(monitorId: "${muckTrafficOf(system.model).dustMonitors[0]!.monitorId}") { pm10 measuredAt } }`), (r) => r.data?.dustReading?.measuredAt === isoOf(String(sensor.reading(1).CJSJ)));
    expect(result.data.dustReading.pm10).toBe(sensor.reading(1).PM10);
  });
});
