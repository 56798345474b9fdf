import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schools from '../../../connectors/sample-city/departments/schools.ts';
import { createConnector } from '../../../connectors/index.ts';
import { writeCsvDrop } from '../../../connectors/sample-city/simulators/csv-drop.ts';
import spec, { SCHOOL_COLUMNS, schoolsOf } from '../../../connectors/sample-city/simulators/systems/schools.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('schools connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(schools, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('lists two to four schools per street with unique identification codes', () => {
    const list = schoolsOf(system.model);
    expect(new Set(list.map((s) => s.schoolCode)).size).toBe(list.length);
    for (const street of system.model.streets) {
      const count = list.filter((s) => s.streetCode === street.code).length;
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(4);
    }
  });

  it('reads the GBK export with Chinese headers, typed by the catalogue', async () => {
    const district = '310106';
    const expected = schoolsOf(system.model).filter((s) => s.districtCode === district);
    const { data, errors } = await system.run(
      `query ($d: AdminCode!) { schools(where: { districtCode: $d }, first: 1000) { schoolCode name stage ownership phone enrolment streetCode location { lat lng } } }`,
      { d: district },
    );
    expect(errors).toBeUndefined();
    expect(data.schools).toHaveLength(expected.length);
    for (const school of data.schools) {
      const model = expected.find((s) => s.schoolCode === school.schoolCode)!;
      expect(school).toEqual({
        schoolCode: model.schoolCode,
        name: model.name,
        stage: model.stage,
        ownership: model.ownership,
        phone: model.phone,
        enrolment: model.enrolment,
        streetCode: model.streetCode,
        location: { lat: model.lat, lng: model.lng },
      });
    }
  });

  it('writes the drop in GBK with Chinese headers, as the commission exports it', () => {
    const bytes = readFileSync(join(system.endpoint, '学校名录.csv'));
    expect(iconv.decode(bytes, 'gbk').split('\r\n')[0]).toBe(SCHOOL_COLUMNS.join(','));
    expect(bytes.toString('utf8')).not.toContain('学校标识码');
  });

  it('answers UPSTREAM_BAD_RESPONSE naming the connector when the export lacks a catalogued column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityhub-schools-broken-'));
    writeCsvDrop(dir, [{ name: '学校名录.csv', encoding: 'gbk', columns: SCHOOL_COLUMNS.filter((c) => c !== '办别'), rows: [] }]);
    const broken = createConnector(schools, { env: { CITYHUB_SCHOOLS_DIR: dir }, dataDir: dir });
    try {
      const result = await execute({ schema: broken.schema, document: parse('{ schools(first: 1) { schoolCode } }'), contextValue: {} });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'schools' });
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
