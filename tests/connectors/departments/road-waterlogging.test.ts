import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/road-waterlogging.ts';
import spec, { waterloggingDepthAt, waterloggingPointsOf } from '../../../connectors/sample-city/simulators/systems/road-waterlogging.ts';
import { eventually, startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the road-waterlogging connector over the depth sensors on MQTT', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('keeps two sensors per street with depth, threshold and the over-threshold flag', async () => {
    const points = waterloggingPointsOf(system.model);
    expect(points).toHaveLength(system.model.streets.length * 2);
    const result = await eventually('every sensor', () => system.run(`{ waterloggingSensors(first: 1000) { sensorId streetCode depthCm thresholdCm overThreshold measuredAt } }`), (r) => r.data?.waterloggingSensors?.length === points.length);
    expect(result.errors).toBeUndefined();
    const byId = new Map(result.data.waterloggingSensors.map((s: any) => [s.sensorId, s]));
    for (const point of points) {
      const depth = waterloggingDepthAt(point, 0);
      expect(byId.get(point.sensorId)).toMatchObject({ streetCode: point.streetCode, depthCm: depth, thresholdCm: point.thresholdCm, overThreshold: depth > point.thresholdCm });
    }
  });

  it("filters the sensors over threshold within Jing'an", async () => {
    const expected = waterloggingPointsOf(system.model)
      .filter((p) => p.districtCode === '310106' && waterloggingDepthAt(p, 0) > p.thresholdCm)
      .map((p) => p.sensorId)
      .sort();
    expect(expected.length).toBeGreaterThan(1);
    const result = await system.run(`{ waterloggingSensors(within: "310106", where: { overThreshold: true }, first: 1000) { sensorId } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.waterloggingSensors.map((s: any) => s.sensorId)).toEqual(expected);
  });

  it('answers District.waterloggingSensors for a batch of districts', async () => {
    const result = await system.run(`{ _lookupDistrict(keys: ["310106", "310107"]) { code waterloggingSensors { sensorId } } }`);
    expect(result.errors).toBeUndefined();
    for (const district of result.data._lookupDistrict) {
      expect(district.waterloggingSensors).toHaveLength(system.model.streets.filter((s) => s.districtCode === district.code).length * 2);
    }
  });
});
