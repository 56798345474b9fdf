import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/drainage-network.ts';
import spec from '../../../connectors/sample-city/simulators/systems/drainage-network.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the drainage-network connector over its CSV export', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('reads two pipe sections per community with Chinese headers, typed, no row rejected', async () => {
    const result = await system.run(`{ drainPipes(within: "310106013", first: 1000) { pipeId category communityCode diameterMm lengthM depthM start { lat lng } builtYear siltLevel } }`);
    expect(result.errors).toBeUndefined();
    const communities = system.model.communities.filter((c) => c.streetCode === '310106013');
    expect(result.data.drainPipes).toHaveLength(communities.length * 2);
    for (const pipe of result.data.drainPipes) {
      expect(pipe.communityCode.startsWith('310106013')).toBe(true);
      expect(['雨水', '污水', '合流']).toContain(pipe.category);
      expect(Number.isInteger(pipe.diameterMm)).toBe(true);
      expect(pipe.siltLevel).toBeGreaterThanOrEqual(0);
    }
    expect((system.connector.health!() as any).files.DrainPipe.lastLoad).toMatchObject({ rows: system.model.communities.length * 2, rejectedCount: 0 });
  });

  it('answers Community.drainPipes for a batch of communities with one source call', async () => {
    const keys = system.model.communities.slice(0, 4).map((c) => c.code);
    system.upstreamCalls.length = 0;
    const result = await system.run(`query ($keys: [AdminCode!]!) { _lookupCommunity(keys: $keys) { code drainPipes { pipeId } } }`, { keys });
    expect(result.errors).toBeUndefined();
    for (const community of result.data._lookupCommunity) expect(community.drainPipes.map((p: any) => p.pipeId)).toEqual([`PS${community.code.slice(4)}1`, `PS${community.code.slice(4)}2`]);
    expect(system.upstreamCalls).toHaveLength(1);
  });
});
