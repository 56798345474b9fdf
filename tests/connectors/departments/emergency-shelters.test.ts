import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/emergency-shelters.ts';
import { writeCsvDrop } from '../../../connectors/sample-city/simulators/csv-drop.ts';
import spec from '../../../connectors/sample-city/simulators/systems/emergency-shelters.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the emergency-shelters connector over its GBK register', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('decodes the GBK file and reads one shelter per street with Chinese names intact', async () => {
    const result = await system.run(`{ shelters(within: "310106", first: 1000) { shelterId name category streetCode capacity open location { lat } } }`);
    expect(result.errors).toBeUndefined();
    const streets = system.model.streets.filter((s) => s.districtCode === '310106');
    expect(result.data.shelters.map((s: any) => s.streetCode)).toEqual(streets.map((s) => s.code));
    expect(result.data.shelters[0].name).toMatch(/^南京西路.+应急避难场所$/);
    expect(['Ⅰ类', 'Ⅱ类', 'Ⅲ类']).toContain(result.data.shelters[0].category);
    expect(typeof result.data.shelters[0].open).toBe('boolean');
  });

  it('is a real GBK export: the header decodes as GBK, not as UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityhub-shelters-'));
    try {
      const written = writeCsvDrop(dir, spec.kind === 'csv' ? spec.files(system.model) : []);
      const bytes = readFileSync(written['应急避难场所.csv']!);
      expect(iconv.decode(bytes, 'gbk').split('\r\n')[0]!.split(',')[0]).toBe('场所编号');
      expect(bytes.toString('utf8').startsWith('场所编号')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers Street.shelters for a batch of streets with one source call', async () => {
    system.upstreamCalls.length = 0;
    const result = await system.run(`{ _lookupStreet(keys: ["310106013", "310106016"]) { code shelters { shelterId } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupStreet).toEqual([
      { code: '310106013', shelters: [{ shelterId: 'BN06013' }] },
      { code: '310106016', shelters: [{ shelterId: 'BN06016' }] },
    ]);
    expect(system.upstreamCalls).toHaveLength(1);
  });
});
