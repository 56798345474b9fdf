import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/grid-patrol.ts';
import spec from '../../../connectors/sample-city/simulators/systems/grid-patrol.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the grid-patrol connector over its simulated REST API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('has one patroller per grid of a street', async () => {
    const result = await system.run(`{ patrollers(where: { streetCode: "310106013" }, first: 1000) { patrollerId gridCode name phone onDuty } }`);
    expect(result.errors).toBeUndefined();
    const grids = system.model.grids.filter((g) => g.streetCode === '310106013').map((g) => g.code);
    expect(result.data.patrollers.map((p: any) => p.gridCode).sort()).toEqual([...grids].sort());
    expect(result.data.patrollers.every((p: any) => /^139\d{8}$/.test(p.phone))).toBe(true);
  });

  it('links each report to its patroller with one batched request per level', async () => {
    system.rest!.calls.length = 0;
    const result = await system.run(`{ patrolReports(within: "310106013", first: 1000) { reportId gridCode patroller { patrollerId gridCode } } }`);
    expect(result.errors).toBeUndefined();
    const reports = result.data.patrolReports as any[];
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) expect(report.patroller.gridCode).toBe(report.gridCode);
    expect(system.rest!.calls.map((c) => c.path)).toEqual(['/wgh/api/sbsj/query', '/wgh/api/xgy/query']);
  });

  it('answers Grid.patrolReports with the same reports as the street list', async () => {
    const grid = system.model.grids.find((g) => g.streetCode === '310106013')!.code;
    const result = await system.run(`query($grid: AdminCode!) {
      _lookupGrid(keys: [$grid]) { patrolReports { reportId } patrollers { reports { reportId } } }
      patrolReports(where: { gridCode: $grid }, first: 1000) { reportId }
    }`, { grid });
    expect(result.errors).toBeUndefined();
    const ids = result.data.patrolReports.map((r: any) => r.reportId).sort();
    expect(result.data._lookupGrid[0].patrolReports.map((r: any) => r.reportId).sort()).toEqual(ids);
    expect(result.data._lookupGrid[0].patrollers[0].reports.map((r: any) => r.reportId).sort()).toEqual(ids);
  });
});
