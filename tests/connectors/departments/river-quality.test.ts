import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/river-quality.ts';
import spec from '../../../connectors/sample-city/simulators/systems/river-quality.ts';
import { riverStationsOf } from '../../../connectors/sample-city/simulators/systems/water-levels.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the river-quality connector over its monthly CSV', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('reads three samples at every gauging station, keyed to the station', async () => {
    const stations = riverStationsOf(system.model);
    const result = await system.run(`{ waterQualitySamples(first: 1000) { sampleId stationId river grade sampledAt ph } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.waterQualitySamples).toHaveLength(stations.length * 3);
    const river = new Map(stations.map((s) => [s.stationId, s.river]));
    for (const sample of result.data.waterQualitySamples) {
      expect(sample.river).toBe(river.get(sample.stationId));
      expect(['I', 'II', 'III', 'IV', 'V', '劣V']).toContain(sample.grade);
    }
    expect(result.data.waterQualitySamples[0].sampledAt).toBe('2026-04-15T01:30:00.000Z');
  });

  it('answers WaterLevelStation.qualitySamples for a batch of stations', async () => {
    const keys = riverStationsOf(system.model).slice(0, 3).map((s) => s.stationId);
    const result = await system.run(`query ($keys: [ID!]!) { _lookupWaterLevelStation(keys: $keys) { stationId qualitySamples { sampleId } } }`, { keys });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupWaterLevelStation).toEqual(
      keys.map((stationId) => ({ stationId, qualitySamples: [1, 2, 3].map((n) => ({ sampleId: `SZ${stationId.slice(2)}-${n}` })) })),
    );
  });
});
