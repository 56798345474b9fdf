import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/underground-pipelines.ts';
import spec from '../../../connectors/sample-city/simulators/systems/underground-pipelines.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the underground-pipelines connector over its pipe-separated survey export', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('reads four lines per street from a "|"-separated file, none rejected', async () => {
    const result = await system.run(`{ pipelines(within: "310106013", first: 1000) { pipelineId category owner depthM diameterMm pressureClass start { lat lng } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.pipelines).toHaveLength(4);
    for (const line of result.data.pipelines) {
      expect(['给水', '排水', '燃气', '电力', '通信', '热力']).toContain(line.category);
      // Only gas lines have a pressure class; the others leave the column empty.
      if (line.category === '燃气') expect(['低压', '中压', '次高压']).toContain(line.pressureClass);
      else expect(line.pressureClass).toBeNull();
    }
    expect((system.connector.health!() as any).files.Pipeline.lastLoad).toMatchObject({ rows: system.model.streets.length * 4, rejectedCount: 0 });
  });

  it('catalogues the pressure class as never shared and the route as conditional', () => {
    const fields = definition.manifest.catalogue.Pipeline!.fields;
    expect(fields.pressureClass).toMatchObject({ sharing: 'none', sensitivity: 'sensitive' });
    expect(fields.start).toMatchObject({ sharing: 'conditional', sensitivity: 'sensitive' });
  });

  it('answers Street.pipelines for a batch of streets with one source call', async () => {
    system.upstreamCalls.length = 0;
    const result = await system.run(`{ _lookupStreet(keys: ["310106013", "310101001"]) { code pipelines { pipelineId } } }`);
    expect(result.errors).toBeUndefined();
    for (const street of result.data._lookupStreet) expect(street.pipelines).toHaveLength(4);
    expect(system.upstreamCalls).toHaveLength(1);
  });
});
