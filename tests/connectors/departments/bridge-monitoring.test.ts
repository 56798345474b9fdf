import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/bridge-monitoring.ts';
import spec, { DISPLACEMENT_ALARM_MM, displacementAt, structurePointsOf } from '../../../connectors/sample-city/simulators/systems/bridge-monitoring.ts';
import { eventually, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the bridge-monitoring connector over the structural sensors on MQTT', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('keeps the latest displacement, tilt and strain of every sensor', async () => {
    const points = structurePointsOf(system.model);
    const result = await eventually('every sensor', () => system.run(`{ structureSensors(first: 1000) { sensorId structureId structureKind streetCode displacementMm tiltDeg strainMicro } }`), (r) => r.data?.structureSensors?.length === points.length);
    expect(result.errors).toBeUndefined();
    const byId = new Map(result.data.structureSensors.map((s: any) => [s.sensorId, s]));
    for (const point of points) expect(byId.get(point.sensorId)).toMatchObject({ structureId: point.structureId, structureKind: point.structureKind, streetCode: point.streetCode, displacementMm: displacementAt(point, 0) });
  });

  it("raises an alarm on the stressed structure in Jing'an as its displacement passes 20 mm", async () => {
    const stressed = structurePointsOf(system.model).find((p) => p.districtCode === '310106' && p.driftPerReadingMm === 4)!;
    let tick = 0;
    while (displacementAt(stressed, tick) <= DISPLACEMENT_ALARM_MM) tick += 1;
    for (let n = 0; n < tick; n += 1) await system.mqtt!.tick();
    const result = await eventually('the stressed reading', () => system.run(`query ($id: ID!) { structureSensor(sensorId: $id) { displacementMm } }`, { id: stressed.sensorId }), (r) => r.data?.structureSensor?.displacementMm === displacementAt(stressed, tick));
    expect(result.data.structureSensor.displacementMm).toBeGreaterThan(DISPLACEMENT_ALARM_MM);
  });

  it('answers Street.structureSensors for a batch of streets', async () => {
    const streets = [...new Set(structurePointsOf(system.model).map((p) => p.streetCode))].slice(0, 3);
    const result = await system.run(`query ($keys: [AdminCode!]!) { _lookupStreet(keys: $keys) { code structureSensors { sensorId } } }`, { keys: streets });
    expect(result.errors).toBeUndefined();
    for (const street of result.data._lookupStreet) expect(street.structureSensors).toHaveLength(3);
  });
});
