import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateConsoleTypes, staleFiles } from '../../../gateway/console/codegen.ts';
import { printConsoleSchema } from '../../../gateway/console/console-schema.ts';

describe("the console's generated documents and types", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-console-codegen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const schema = printConsoleSchema();

  it('types against the whole schema: the city, governed, with the auditors\', the registry\'s and the agreements\' APIs', () => {
    for (const name of ['type ElderlyResident', 'auditReportOutOfHours(', 'auditReportConditionalFieldUse(', 'registerConnector(', 'requestAgreement(', 'type ConnectorCheckFinding', 'dataSubjectReport(']) {
      expect(schema).toContain(name);
    }
  });

  it('are committed as GraphQL Code Generator writes them now (run `npm run codegen:console` when this fails)', async () => {
    const files = await generateConsoleTypes({ schema });
    expect(files.map((file) => file.path.slice(file.path.indexOf('src/gql/'))).sort()).toEqual(['src/gql/gql.ts', 'src/gql/graphql.ts', 'src/gql/index.ts']);
    expect(staleFiles(files)).toEqual([]);
    const types = files.find((file) => file.path.endsWith('graphql.ts'))!.content;
    expect(types).toContain('export type ConsoleOutOfHoursQuery = ');
    expect(types).toContain('export const ConsoleRequestAgreementDocument = new TypedDocumentString(');
  });

  it('refuses a document asking for a field the schema lacks, naming the field', async () => {
    const document = join(dir, 'wrong.ts');
    writeFileSync(document, "import { graphql } from './gql';\nexport const WRONG = graphql(`query ConsoleWrong { auditVerify { ok chainColour } }`);\n");
    await expect(generateConsoleTypes({ schema, documents: [document] })).rejects.toThrow(/Cannot query field "chainColour" on type "AuditVerifyReport"/);
  });

  it('lists a generated file whose committed text differs as stale', () => {
    const path = join(dir, 'graphql.ts');
    writeFileSync(path, 'export type Old = 1;\n');
    expect(staleFiles([{ path, content: 'export type New = 2;\n' }, { path: join(dir, 'missing.ts'), content: '' }])).toHaveLength(2);
    expect(staleFiles([{ path, content: 'export type Old = 1;\n' }])).toEqual([]);
  });
});
