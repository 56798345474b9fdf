import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEPARTMENTS, SIMULATORS } from '../../connectors/sample-city/index.ts';

const SAMPLE_CITY = join(import.meta.dirname, '..', '..', 'connectors', 'sample-city');

/** The files of `dir` whose default export the index must list (every `.ts` but the index). */
function entryFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
    .sort();
}

/** The files of `dir` whose default export is not in `list`. */
async function missingFrom(dir: string, list: readonly unknown[]): Promise<string[]> {
  const missing: string[] = [];
  for (const file of entryFiles(dir)) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown };
    if (!list.includes(module.default)) missing.push(file);
  }
  return missing;
}

describe("the sample city's index files", () => {
  it('list every manifest file of connectors/sample-city/departments in DEPARTMENTS', async () => {
    const dir = join(SAMPLE_CITY, 'departments');
    expect(await missingFrom(dir, DEPARTMENTS), 'manifest files missing from departments/index.ts').toEqual([]);
    expect(DEPARTMENTS).toHaveLength(entryFiles(dir).length);
  });

  it('list every simulator spec file of connectors/sample-city/simulators/systems in SIMULATORS', async () => {
    const dir = join(SAMPLE_CITY, 'simulators', 'systems');
    expect(await missingFrom(dir, SIMULATORS), 'spec files missing from simulators/systems/index.ts').toEqual([]);
    expect(SIMULATORS).toHaveLength(entryFiles(dir).length);
  });

  it('names a file whose default export the list lacks (the check can fail)', async () => {
    const dir = join(SAMPLE_CITY, 'departments');
    expect(await missingFrom(dir, DEPARTMENTS.filter((definition) => definition.manifest.id !== 'grids'))).toEqual(['grids.ts']);
  });
});
