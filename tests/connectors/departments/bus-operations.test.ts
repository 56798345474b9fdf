import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/bus-operations.ts';
import { formatCsv } from '../../../connectors/sample-city/simulators/csv-drop.ts';
import spec from '../../../connectors/sample-city/simulators/systems/bus-operations.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the bus-operations connector over its simulated GBK drop', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('reads one route per street from the GBK export, with its stops in order', async () => {
    if (spec.kind !== 'csv') throw new Error('bus-operations is a csv system');
    const [routes, stops] = spec.files(system.model);
    expect(formatCsv(routes!)).toContain('线路编号');
    const result = await system.run(`{ busRoutes(within: "310106", first: 1000) { routeId name districtCode fareYuan stops { stopId sequence streetCode sheltered } } }`);
    expect(result.errors).toBeUndefined();
    const expected = routes!.rows.filter((r) => r.区划代码 === '310106');
    expect(expected).toHaveLength(system.model.streets.filter((s) => s.districtCode === '310106').length);
    expect(result.data.busRoutes.map((r: any) => r.routeId)).toEqual(expected.map((r) => r.线路编号));
    for (const route of result.data.busRoutes) {
      const own = stops!.rows.filter((s) => s.线路编号 === route.routeId);
      expect(route.stops).toEqual(own.map((s) => ({ stopId: s.站点编号, sequence: s.站序, streetCode: s.街道编码, sheltered: s.有无候车亭 === '是' })));
    }
  });

  it('drops GBK files with Chinese headers, which are not UTF-8', () => {
    const bytes = readFileSync(join(system.endpoint, '公交站点.csv'));
    expect(iconv.decode(bytes, 'gbk').split('\r\n')[0]).toBe('站点编号,站点名称,线路编号,街道编码,站序,有无候车亭,纬度,经度');
    expect(bytes.toString('utf8')).not.toContain('站点编号');
  });
});
