import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATIONS_DIR } from '../../gateway/operations.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const run = promisify(execFile);
const TSC = join(import.meta.dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');

describe('GraphQL Code Generator over the served schema and the scenario documents', () => {
  let hub: TestHub;
  let dir: string;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
    dir = mkdtempSync(join(tmpdir(), 'cityhub-codegen-'));
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates operation types that type-check, with the owners and scalars in them', async () => {
    const schemaUrl = `${hub.url}/schema.graphql`;
    const [output] = await generate(
      {
        schema: [{ [schemaUrl]: { headers: { authorization: `Bearer ${await hub.token('cityOperationsOfficer')}` } } }],
        documents: [join(DEFAULT_OPERATIONS_DIR, '*.graphql')],
        generates: {
          [join(dir, 'city.ts')]: {
            plugins: ['typescript', 'typescript-operations'],
            config: { scalars: { AdminCode: 'string', DateTime: 'string' }, strictScalars: true },
          },
        },
        silent: true,
        errorsOnly: true,
      },
      false,
    );
    const code = output!.content;
    for (const operation of ['MuckTruckSite', 'ElderlyLivingAlone', 'FloodControl', 'HistoricBuildingAlarms', 'CityVitalSigns', 'SecondsApproval']) {
      expect(code).toContain(`export type ${operation}Query = `);
    }
    expect(code).toContain('Owned by Civil Affairs Bureau; system elderly-registry. Sharing: conditional. Sensitivity: personal (masked: phone).');
    // A use of the generated types, checked with them: a wrong field type must not compile.
    writeFileSync(join(dir, 'city.ts'), code);
    writeFileSync(join(dir, 'use.ts'), [
      "import type { HistoricBuildingAlarmsQuery, HistoricBuildingAlarmsQueryVariables } from './city.ts';",
      "export const variables: HistoricBuildingAlarmsQueryVariables = { within: '310101' };",
      "export const raisedAt = (answer: HistoricBuildingAlarmsQuery): string[] => (answer.vibrationAlarms ?? []).map((alarm) => alarm?.raisedAt ?? 'never');",
    ].join('\n'));
    const tsc = (...files: string[]) => run(process.execPath, [TSC, '--noEmit', '--strict', '--allowImportingTsExtensions', '--module', 'nodenext', '--target', 'es2022', '--skipLibCheck', ...files.map((f) => join(dir, f))]);
    await tsc('city.ts', 'use.ts').catch((error: { stdout: string }) => { throw new Error(`tsc refused the generated code:\n${error.stdout}`); });
    writeFileSync(join(dir, 'misuse.ts'), "import type { HistoricBuildingAlarmsQueryVariables } from './city.ts';\nexport const variables: HistoricBuildingAlarmsQueryVariables = { within: 310101 };\n");
    await expect(tsc('city.ts', 'misuse.ts')).rejects.toMatchObject({ stdout: expect.stringContaining("Type 'number' is not assignable to type 'string'") });
  });
});
